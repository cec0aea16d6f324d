// Workflows and their version history on PostgreSQL; same semantics as sqlite/workflows.ts (read
// its header). An update locks the workflow row (SELECT … FOR UPDATE), so two processes saving the
// same workflow at once each record their own version, one after the other.
import type { Workflow, WorkflowInput } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/errors.ts';
import { decodeCursor, encodeCursor, isoTimestamp, isValidId, newId, newVersionId, pageSize } from '../ids.ts';
import { type Definition, checkInput, compose, storedState } from '../sqlite/workflows.ts';
import type { Page, WorkflowFilter, WorkflowRepository, WorkflowVersion } from '../storage.ts';
import { type PgDb, type Queryable, type Row, fromJson, iso, isUniqueViolation, toJson } from './db.ts';
import { deleteStaticData, readStaticData, writeStaticData } from './static-data.ts';

const SELECT = `SELECT w.id, w.name, w.active, w.version_id, w.nodes, w.connections, w.settings, w.pin_data, w.meta,
  w.tags, w.created_at, w.updated_at, s.data AS static_data
  FROM workflows w LEFT JOIN workflow_static_data s ON s.workflow_id = w.id`;

function fromRow(row: Row): Workflow {
  const def: Definition = {
    name: String(row.name),
    nodes: fromJson(row.nodes) ?? [],
    connections: fromJson(row.connections) ?? {},
    settings: fromJson(row.settings) ?? {},
    pinData: fromJson(row.pin_data),
    meta: fromJson(row.meta),
    tags: fromJson(row.tags),
  };
  return compose(String(row.id), def, row.active === true, fromJson(row.static_data), String(row.version_id), iso(row.created_at), iso(row.updated_at));
}

export class PgWorkflows implements WorkflowRepository {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async #write(q: Queryable, id: string, def: Definition, active: boolean, createdAt: string, isNew: boolean): Promise<Workflow> {
    const versionId = newVersionId();
    const updatedAt = isNew ? createdAt : new Date().toISOString();
    const values = [
      id,
      def.name,
      def.name.toLowerCase(),
      active,
      versionId,
      JSON.stringify(def.nodes),
      JSON.stringify(def.connections),
      JSON.stringify(def.settings),
      toJson(def.pinData),
      toJson(def.meta),
      toJson(def.tags),
      def.tags ? JSON.stringify(def.tags.map((t) => t.toLowerCase())) : null,
      updatedAt,
    ];
    if (isNew) {
      await q.query(
        `INSERT INTO workflows (id, name, name_lower, active, version_id, nodes, connections, settings, pin_data, meta, tags, tags_lower, updated_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
        values,
      );
    } else {
      await q.query(
        `UPDATE workflows SET name = $2, name_lower = $3, active = $4, version_id = $5, nodes = $6, connections = $7, settings = $8,
           pin_data = $9, meta = $10, tags = $11, tags_lower = $12, updated_at = $13 WHERE id = $1`,
        values,
      );
    }
    if (def.staticData === null || (isNew && def.staticData === undefined)) await deleteStaticData(q, id);
    else if (def.staticData !== undefined) await writeStaticData(q, id, def.staticData);
    const staticData = def.staticData === undefined ? await readStaticData(q, id) : (def.staticData ?? undefined);
    const wf = compose(id, def, active, staticData, versionId, createdAt, updatedAt);
    await q.query('INSERT INTO workflow_versions (version_id, workflow_id, created_at, workflow) VALUES ($1, $2, $3, $4)', [versionId, id, updatedAt, JSON.stringify(wf)]);
    return wf;
  }

  async create(input: WorkflowInput): Promise<Workflow> {
    const def = checkInput(input);
    const given = input.id !== undefined && input.id !== null && input.id !== '';
    if (given && !isValidId(input.id)) throw new ValidationError(`Workflow id "${input.id}" may only contain letters, digits and . _ ~ - (at most 128)`, { field: 'id' });
    let id = given ? (input.id as string) : newId();
    while (!given && (await this.#db.one('SELECT 1 FROM workflows WHERE id = $1', [id]))) id = newId();
    try {
      return await this.#db.tx((q) => this.#write(q, id, def, def.active ?? false, new Date().toISOString(), true));
    } catch (err) {
      if (isUniqueViolation(err)) throw new ValidationError(`A workflow with id "${id}" already exists`, { status: 409, field: 'id' });
      throw err;
    }
  }

  async update(id: string, input: WorkflowInput): Promise<Workflow> {
    const def = checkInput(input);
    return this.#db.tx(async (q) => {
      const row = (await q.query('SELECT active, created_at FROM workflows WHERE id = $1 FOR UPDATE', [id])).rows[0];
      if (!row) throw new NotFoundError(`Workflow ${id} not found`);
      return this.#write(q, id, def, def.active ?? row.active === true, iso(row.created_at), false);
    });
  }

  async get(id: string): Promise<Workflow | undefined> {
    const row = await this.#db.one(`${SELECT} WHERE w.id = $1`, [id]);
    return row ? fromRow(row) : undefined;
  }

  async list(filter: WorkflowFilter = {}): Promise<Page<Workflow>> {
    const limit = pageSize(filter.limit);
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (filter.name !== undefined && filter.name !== '') where.push(`strpos(w.name_lower, ${param(filter.name.toLowerCase())}) > 0`);
    if (filter.active !== undefined) where.push(`w.active = ${param(filter.active)}`);
    if (filter.tag !== undefined && filter.tag !== '') where.push(`w.tags_lower ? ${param(filter.tag.toLowerCase())}`);
    if (filter.cursor) {
      const [at, id] = decodeCursor(filter.cursor, ['string', 'string']);
      const a = param(isoTimestamp(at, 'cursor'));
      where.push(`w.updated_at <= ${a}::timestamptz AND (w.updated_at < ${a}::timestamptz OR w.id < ${param(id)})`);
    }
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.updated_at DESC, w.id DESC LIMIT ${param(limit + 1)}`;
    const rows = (await this.#db.query(sql, params)).rows;
    const data = rows.slice(0, limit).map(fromRow);
    const last = data[data.length - 1];
    return rows.length > limit ? { data, nextCursor: encodeCursor([last.updatedAt as string, last.id]) } : { data };
  }

  async listActive(): Promise<Workflow[]> {
    return (await this.#db.query(`${SELECT} WHERE w.active ORDER BY w.id`)).rows.map(fromRow);
  }

  async delete(id: string): Promise<boolean> {
    return this.#db.tx(async (q) => {
      // Versions go by ON DELETE CASCADE; webhooks and static data have no FK (see migrations.ts).
      await q.query('DELETE FROM webhooks WHERE workflow_id = $1', [id]);
      await deleteStaticData(q, id);
      return ((await q.query('DELETE FROM workflows WHERE id = $1', [id])).rowCount ?? 0) > 0;
    });
  }

  async setActive(id: string, active: boolean): Promise<Workflow> {
    const changed = await this.#db.query('UPDATE workflows SET active = $1, updated_at = $2 WHERE id = $3', [active, new Date().toISOString(), id]);
    if (!changed.rowCount) throw new NotFoundError(`Workflow ${id} not found`);
    return (await this.get(id)) as Workflow;
  }

  async listVersions(id: string): Promise<Omit<WorkflowVersion, 'workflow'>[]> {
    const rows = (await this.#db.query('SELECT version_id, created_at FROM workflow_versions WHERE workflow_id = $1 ORDER BY seq DESC', [id])).rows;
    return rows.map((r) => ({ workflowId: id, versionId: String(r.version_id), createdAt: iso(r.created_at) }));
  }

  async getVersion(id: string, versionId: string): Promise<WorkflowVersion | undefined> {
    const row = await this.#db.one('SELECT created_at, workflow FROM workflow_versions WHERE workflow_id = $1 AND version_id = $2', [id, versionId]);
    if (!row) return undefined;
    return { workflowId: id, versionId, createdAt: iso(row.created_at), workflow: fromJson<Workflow>(row.workflow) as Workflow };
  }

  async restoreVersion(id: string, versionId: string): Promise<Workflow> {
    const version = await this.getVersion(id, versionId);
    if (!version) throw new NotFoundError(`Version ${versionId} of workflow ${id} not found`);
    const { name, nodes, connections, settings, pinData, meta, tags } = version.workflow;
    return this.update(id, { name, nodes, connections, settings, pinData, meta, tags });
  }

  async undoUpdate(previous: Workflow, versionId: string): Promise<void> {
    storedState(previous);
    await this.#db.tx(async (q) => {
      const row = (await q.query('SELECT version_id FROM workflows WHERE id = $1 FOR UPDATE', [previous.id])).rows[0];
      if (!row) throw new NotFoundError(`Workflow ${previous.id} not found`);
      await q.query('DELETE FROM workflow_versions WHERE workflow_id = $1 AND version_id = $2', [previous.id, versionId]);
      if (row.version_id !== versionId) return;
      // `active` is left to activation, which undoes its own part (webhooks, schedules) first.
      await q.query(
        `UPDATE workflows SET name = $2, name_lower = $3, version_id = $4, nodes = $5, connections = $6, settings = $7,
           pin_data = $8, meta = $9, tags = $10, tags_lower = $11, updated_at = $12 WHERE id = $1`,
        [
          previous.id,
          previous.name,
          previous.name.toLowerCase(),
          previous.versionId,
          JSON.stringify(previous.nodes),
          JSON.stringify(previous.connections ?? {}),
          JSON.stringify(previous.settings ?? {}),
          toJson(previous.pinData),
          toJson(previous.meta),
          toJson(previous.tags),
          previous.tags ? JSON.stringify(previous.tags.map((t) => t.toLowerCase())) : null,
          previous.updatedAt,
        ],
      );
      if (!previous.staticData) await deleteStaticData(q, previous.id);
      else await writeStaticData(q, previous.id, previous.staticData);
    });
  }
}

