/** One row of a directory listing. */
export interface ListingEntry {
  readonly name: string;
  readonly dir: boolean;
  readonly size: number;
}

// nginx's ngx_http_autoindex_module layout: names padded to 50 columns, GMT dates, sizes in 19.
const NAME_WIDTH = 50;
const SIZE_WIDTH = 19;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The HTML listing nginx writes with `autoindex on` (what the official Plugin Server shows for
 * `/plugins/` and below), so scripts that scrape it keep working: folders first, then files, each
 * by name; every entry has the bundle's one mtime.
 */
export function autoindexHtml(urlPath: string, entries: readonly ListingEntry[], mtime: Date): string {
  const title = escapeHtml(urlPath);
  const sorted = [...entries].sort((a, b) => (a.dir !== b.dir ? (a.dir ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = sorted.map((e) => {
    const shown = e.dir ? `${e.name}/` : e.name;
    const chars = [...shown];
    const label = chars.length > NAME_WIDTH ? `${escapeHtml(chars.slice(0, NAME_WIDTH - 3).join(''))}..&gt;` : escapeHtml(shown);
    const pad = ' '.repeat(Math.max(0, NAME_WIDTH - chars.length));
    const size = (e.dir ? '-' : String(e.size)).padStart(SIZE_WIDTH);
    return `<a href="${encodeURIComponent(e.name)}${e.dir ? '/' : ''}">${label}</a>${pad} ${nginxDate(mtime)} ${size}\r\n`;
  });
  return (
    `<html>\r\n<head><title>Index of ${title}</title></head>\r\n<body>\r\n` +
    `<h1>Index of ${title}</h1><hr><pre><a href="../">../</a>\r\n${rows.join('')}</pre><hr></body>\r\n</html>\r\n`
  );
}

function nginxDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
