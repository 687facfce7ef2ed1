// Boot, once per server process: validate settings, open the workspace (applying pending migrations and
// sweeping temp files a crash left behind). A bad setting stops the server with the key and the file.
export async function register() {
  const { isNodeServerRuntime } = await import("./lib/config/runtime");
  if (!isNodeServerRuntime()) return;
  const { bootApp } = await import("./lib/boot");
  await bootApp();
}
