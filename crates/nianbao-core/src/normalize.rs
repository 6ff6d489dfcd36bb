//! Text normalisation for recognising labels: width, punctuation, spaces and enumerators.
