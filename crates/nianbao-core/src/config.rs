//! nianbao.toml: found upward from a checked file; turns rules off or changes their severity.
