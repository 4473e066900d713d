/** `tierchain demo`: see src/demo/. (Being written.) */
export async function demoCommand(_args: string[], _env: NodeJS.ProcessEnv): Promise<number> {
  process.stderr.write('tierchain demo: not available yet\n');
  return 1;
}
