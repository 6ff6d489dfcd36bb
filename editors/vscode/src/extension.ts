// VS Code extension entry point: starts `nianbao lsp` for plaintext and markdown documents,
// passes the nianbao.* settings to it, and avoids fixing twice on save when
// editor.codeActionsOnSave already runs source.fixAll.nianbao.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
} from "vscode-languageclient/node";

/** The settings object the server accepts in initializationOptions and didChangeConfiguration. */
export interface ServerSettings {
  lang: "zh" | "en";
  fixOnSave: boolean;
  rules: Record<string, string>;
}

const LANGUAGES = ["plaintext", "markdown"];
const FIX_ALL_KIND = "source.fixAll.nianbao";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;

/** Finds the server binary: $NIANBAO_BIN, then nianbao.path, then the bundled one, then PATH. */
export function resolveServerPath(context: vscode.ExtensionContext): string {
  const fromEnv = process.env.NIANBAO_BIN;
  if (fromEnv) {
    return fromEnv;
  }
  const configured = vscode.workspace.getConfiguration("nianbao").get<string>("path", "").trim();
  if (configured) {
    return configured.replace(/^~(?=$|[\\/])/, process.env.HOME ?? "~");
  }
  const exe = process.platform === "win32" ? "nianbao.exe" : "nianbao";
  const bundled = context.asAbsolutePath(path.join("server", `${process.platform}-${process.arch}`, exe));
  if (fs.existsSync(bundled)) {
    try {
      // Some unzip paths drop the executable bit; the bundled binary is ours to fix.
      fs.accessSync(bundled, fs.constants.X_OK);
    } catch {
      try {
        fs.chmodSync(bundled, 0o755);
      } catch {
        // read-only install: spawning will report the problem
      }
    }
    return bundled;
  }
  return "nianbao";
}

/** True when a codeActionsOnSave value turns the action on ("explicit", "always", true). */
function isOn(value: unknown): boolean {
  return value === true || value === "explicit" || value === "always";
}

/**
 * True when editor.codeActionsOnSave runs nianbao's fix-all for this language (either the
 * object form or the older array form, and the `source.fixAll` prefix, which includes ours).
 */
export function codeActionsOnSaveFixesAll(languageId: string): boolean {
  const setting = vscode.workspace
    .getConfiguration("editor", { languageId })
    .get<unknown>("codeActionsOnSave");
  const kinds = ["source", "source.fixAll", FIX_ALL_KIND];
  if (Array.isArray(setting)) {
    return setting.some((k) => kinds.includes(String(k)));
  }
  if (setting && typeof setting === "object") {
    const obj = setting as Record<string, unknown>;
    return kinds.some((k) => isOn(obj[k]));
  }
  return false;
}

/** The settings to send to the server, with fixOnSave turned off when codeActionsOnSave fixes. */
export function serverSettings(): ServerSettings {
  const cfg = vscode.workspace.getConfiguration("nianbao");
  const lang = cfg.get<string>("lang", "zh") === "en" ? "en" : "zh";
  const rules = { ...(cfg.get<Record<string, string>>("rules") ?? {}) };
  const viaCodeActions = LANGUAGES.some(codeActionsOnSaveFixesAll);
  const fixOnSave = cfg.get<boolean>("fixOnSave", true) && !viaCodeActions;
  return { lang, fixOnSave, rules };
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const command = resolveServerPath(context);
  output.appendLine(`[nianbao] server: ${command} lsp`);
  // No `transport`: with TransportKind.stdio the client would append `--stdio` to the
  // arguments, which `nianbao lsp` does not take; an executable without one talks over stdio.
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const settings = serverSettings();
  output.appendLine(`[nianbao] settings: ${JSON.stringify(settings)}`);
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    initializationOptions: settings,
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  return new LanguageClient("nianbao", "nianbao", serverOptions, clientOptions);
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`[nianbao] could not start the server: ${String(err)}`);
    void vscode.window
      .showErrorMessage(
        `nianbao: could not start the language server (${String(err)}). Set "nianbao.path" to the nianbao binary.`,
        "Show log",
      )
      .then((choice) => choice && output.show());
  }
}

async function stopClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop();
    } catch (err) {
      output.appendLine(`[nianbao] stopping the server failed: ${String(err)}`);
    }
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("nianbao");
  traceOutput = vscode.window.createOutputChannel("nianbao LSP trace");
  context.subscriptions.push(output, traceOutput);

  context.subscriptions.push(
    vscode.commands.registerCommand("nianbao.restart", async () => {
      output.appendLine("[nianbao] restarting the server");
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand("nianbao.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("nianbao.path")) {
        await stopClient();
        await startClient(context);
        return;
      }
      if (
        client?.isRunning() &&
        (e.affectsConfiguration("nianbao") || e.affectsConfiguration("editor.codeActionsOnSave"))
      ) {
        const settings = serverSettings();
        output.appendLine(`[nianbao] settings changed: ${JSON.stringify(settings)}`);
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings });
      }
    }),
  );

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
