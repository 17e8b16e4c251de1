/**
 * Decoder for pgoutput (protocol version 1) messages, keeping every column value as the
 * text PostgreSQL's output function produced: exactly the format Electric sends, so no
 * parse/format round trip can change a timestamp's precision or a numeric's scale.
 * (This is why we do not use pg-logical-replication's parser: it runs pg's type parsers.)
 * Format: https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html
 */

export interface RelationColumn {
  name: string;
  typeOid: number;
  typeMod: number;
  /** Part of the replica identity key. */
  isKey: boolean;
}

export interface RelationMessage {
  tag: 'relation';
  relationId: number;
  schema: string;
  name: string;
  /** d(efault), n(othing), f(ull), i(ndex) */
  replicaIdentity: string;
  columns: RelationColumn[];
}

/** A decoded tuple: column name -> text, null for SQL NULL, undefined for an unchanged TOAST value. */
export type Tuple = Record<string, string | null | undefined>;

export type PgoutputMessage =
  | { tag: 'begin'; finalLsn: bigint; xid: number }
  | { tag: 'commit'; commitLsn: bigint; endLsn: bigint }
  | RelationMessage
  | { tag: 'insert'; relationId: number; newTuple: Tuple }
  | {
      tag: 'update';
      relationId: number;
      oldTuple: Tuple | null;
      oldIsKeyOnly: boolean;
      newTuple: Tuple;
    }
  | { tag: 'delete'; relationId: number; oldTuple: Tuple | null; oldIsKeyOnly: boolean }
  | { tag: 'truncate'; relationIds: number[] }
  | { tag: 'other'; code: string };

const utf8 = new TextDecoder('utf-8', { fatal: false });

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  u8(): number {
    return this.buf.readUInt8(this.pos++);
  }
  i16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u32(): number {
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): bigint {
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw new Error('pgoutput: unterminated string');
    const s = utf8.decode(this.buf.subarray(this.pos, end));
    this.pos = end + 1;
    return s;
  }
  bytes(n: number): Buffer {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

/**
 * Decodes one pgoutput message. `relations` is the caller's cache of relation messages
 * (pgoutput sends a relation before the first change to it in each session and after it
 * changes); tuples need it for column names.
 */
export function decodePgoutput(
  buf: Buffer,
  relations: ReadonlyMap<number, RelationMessage>,
): PgoutputMessage {
  const r = new Reader(buf);
  const code = String.fromCharCode(r.u8());
  switch (code) {
    case 'B': {
      const finalLsn = r.u64();
      r.u64(); // commit timestamp
      return { tag: 'begin', finalLsn, xid: r.u32() };
    }
    case 'C': {
      r.u8(); // flags (unused)
      const commitLsn = r.u64();
      const endLsn = r.u64();
      return { tag: 'commit', commitLsn, endLsn };
    }
    case 'R': {
      const relationId = r.u32();
      const schema = r.cstring();
      const name = r.cstring();
      const replicaIdentity = String.fromCharCode(r.u8());
      const n = r.i16();
      const columns: RelationColumn[] = [];
      for (let i = 0; i < n; i++) {
        const flags = r.u8();
        columns.push({
          isKey: (flags & 1) === 1,
          name: r.cstring(),
          typeOid: r.u32(),
          typeMod: r.i32(),
        });
      }
      return { tag: 'relation', relationId, schema, name, replicaIdentity, columns };
    }
    case 'I': {
      const relationId = r.u32();
      const rel = relationOf(relations, relationId);
      expectByte(r, 'N');
      return { tag: 'insert', relationId, newTuple: readTuple(r, rel) };
    }
    case 'U': {
      const relationId = r.u32();
      const rel = relationOf(relations, relationId);
      let kind = String.fromCharCode(r.u8());
      let oldTuple: Tuple | null = null;
      const oldIsKeyOnly = kind === 'K';
      if (kind === 'K' || kind === 'O') {
        oldTuple = readTuple(r, rel);
        kind = String.fromCharCode(r.u8());
      }
      if (kind !== 'N') throw new Error(`pgoutput: unexpected update tuple kind ${kind}`);
      return { tag: 'update', relationId, oldTuple, oldIsKeyOnly, newTuple: readTuple(r, rel) };
    }
    case 'D': {
      const relationId = r.u32();
      const rel = relationOf(relations, relationId);
      const kind = String.fromCharCode(r.u8());
      if (kind !== 'K' && kind !== 'O')
        throw new Error(`pgoutput: unexpected delete tuple kind ${kind}`);
      return { tag: 'delete', relationId, oldTuple: readTuple(r, rel), oldIsKeyOnly: kind === 'K' };
    }
    case 'T': {
      const n = r.u32();
      r.u8(); // options: cascade / restart identity
      const relationIds: number[] = [];
      for (let i = 0; i < n; i++) relationIds.push(r.u32());
      return { tag: 'truncate', relationIds };
    }
    default:
      // Y (type), O (origin), M (logical message): nothing a shape needs.
      return { tag: 'other', code };
  }
}

function relationOf(relations: ReadonlyMap<number, RelationMessage>, id: number): RelationMessage {
  const rel = relations.get(id);
  if (!rel) throw new Error(`pgoutput: change for relation ${id} before its relation message`);
  return rel;
}

function expectByte(r: Reader, ch: string): void {
  const got = String.fromCharCode(r.u8());
  if (got !== ch) throw new Error(`pgoutput: expected ${ch}, got ${got}`);
}

function readTuple(r: Reader, rel: RelationMessage): Tuple {
  const n = r.i16();
  const t: Tuple = {};
  for (let i = 0; i < n; i++) {
    const col = rel.columns[i];
    if (!col) throw new Error(`pgoutput: tuple has more columns than relation ${rel.name}`);
    const kind = String.fromCharCode(r.u8());
    if (kind === 'n') t[col.name] = null;
    else if (kind === 'u') t[col.name] = undefined;
    else if (kind === 't') t[col.name] = utf8.decode(r.bytes(r.i32()));
    else
      throw new Error(
        `pgoutput: unsupported tuple value kind ${kind} (binary mode is not requested)`,
      );
  }
  return t;
}
