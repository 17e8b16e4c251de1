import { Fragment } from 'react';

const START = '\u0002';
const END = '\u0003';

/** A search snippet with the matched words (between \u0002 and \u0003) highlighted. */
export function SearchSnippet({ text }: { text: string }) {
  const parts: { text: string; hit: boolean }[] = [];
  let rest = text;
  while (rest.length) {
    const s = rest.indexOf(START);
    if (s < 0) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (s > 0) parts.push({ text: rest.slice(0, s), hit: false });
    const e = rest.indexOf(END, s + 1);
    const end = e < 0 ? rest.length : e;
    parts.push({ text: rest.slice(s + 1, end), hit: true });
    rest = rest.slice(end + 1);
  }
  return (
    <>
      {parts.map((p, i) =>
        p.hit ? (
          <mark key={i} className="search-hit">
            {p.text}
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
