// Test helper: runs the real kcat (librdkafka 2.0.2) against the broker, feeding stdin and
// collecting output; every invocation is bounded so a hang fails the test instead of the suite.
import { spawn, type ChildProcess } from 'node:child_process';

export interface KcatResult { code: number | null; stdout: string; stderr: string }

export function kcat(args: string[], input = '', timeoutMs = 20_000): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`kcat ${args.join(' ')} timed out; stderr: ${stderr.slice(-2000)}`)); }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input);
  });
}

/** A long-running kcat (e.g. a -G group member) whose output lines are collected as they come. */
export function kcatProcess(args: string[]): { child: ChildProcess; lines: string[]; stderr: () => string } {
  const child = spawn('kcat', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.length > 0));
  });
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  return { child, lines, stderr: () => stderr };
}
