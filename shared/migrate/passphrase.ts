import { readFile, stat } from 'node:fs/promises';
import { AppError, UsageError } from '../errors';

/**
 * The passphrase comes from a file (`--passphrase-file`) or a terminal prompt — never from an
 * argument or the environment, where it would end up in shell history, process lists and logs.
 */
export async function passphraseFromFile(file: string): Promise<string> {
  try {
    const s = await stat(file);
    if (!s.isFile() || s.size > 64 * 1024) throw new Error(s.isFile() ? 'larger than 64 KiB' : 'not a file');
    // One line: a trailing newline (echo, editors) is not part of it.
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (e) {
    throw new UsageError(`Cannot read the passphrase file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      code: 'PASSPHRASE_FILE_UNREADABLE',
      hint: 'Check the path given to --passphrase-file.',
      details: { file },
    });
  }
}

/** Asks on the terminal with echo off (only when stdin and stderr are terminals). */
export async function promptPassphrase(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY || !output.isTTY) throw new AppError('PASSPHRASE_NEEDED', 'Taking the plugin configuration along needs a passphrase to encrypt it');
  // Echo off before the question: what is typed as soon as it shows must not be echoed.
  input.setRawMode(true);
  input.resume();
  output.write(question);
  let text = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            input.off('data', onData);
            resolve(text);
            return;
          }
          if (ch === '\u0003') {
            input.off('data', onData);
            reject(new AppError('CANCELLED', 'Cancelled'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
          else text += ch;
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    output.write('\n');
  }
}
