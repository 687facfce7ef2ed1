// Boot, once per server process: validate settings, open the workspace (applying pending migrations and
// sweeping temp files a crash left behind). A bad setting stops the server with the key and the file.
// NEXT_RUNTIME is read here, inline, because that is what lets Next drop this import from the edge bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootApp } = await import("./lib/boot");
    await bootApp();
  }
}
