// Workflows and their version history.
//
// list() order: updatedAt descending, then id descending (keyset cursor on both). A workflow saved
// while a client pages moves to the front, so that client does not see it again on later pages.
// Static data lives in workflow_static_data (see static-data.ts) and is not versioned: create/update
// set it only when `staticData` is given (null clears it); restoreVersion leaves it alone.
// setActive changes active and updatedAt only: no new version. update keeps `active` unless given.
// undoUpdate is the one write that removes a version: the one a failed import just recorded.
// delete removes versions, webhooks and static data, but keeps executions (pruned on their own).
// listVersions of an unknown workflow is []. Ids: 16 random [0-9A-Za-z] unless a free one is given.
import type { IDataObject, Workflow, WorkflowInput } from '../../model/index.ts';
import { NotFoundError, ValidationError } from '../../model/errors.ts';
import { decodeCursor, encodeCursor, isValidId, newId, newVersionId, pageSize } from '../ids.ts';
import type { Page, WorkflowFilter, WorkflowRepository, WorkflowVersion } from '../storage.ts';
import { type Db, type Params, type Row, fromJson, isPlainObject, isUniqueViolation, toJson } from './db.ts';
import { deleteStaticData, readStaticData, writeStaticData } from './static-data.ts';

const SELECT = `SELECT w.id, w.name, w.active, w.version_id, w.nodes, w.connections, w.settings, w.pin_data, w.meta,
  w.tags, w.created_at, w.updated_at, s.data AS static_data
  FROM workflows w LEFT JOIN workflow_static_data s ON s.workflow_id = w.id`;

export interface Definition {
  name: string;
  nodes: Workflow['nodes'];
  connections: Workflow['connections'];
  settings: Workflow['settings'];
  pinData?: Workflow['pinData'];
  meta?: IDataObject;
  tags?: string[];
  /** undefined = leave as is, null = clear. */
  staticData?: IDataObject | null;
  active?: boolean;
}

function invalid(message: string, field: string): ValidationError {
  return new ValidationError(message, { field });
}

export function checkInput(input: WorkflowInput): Definition {
  if (!isPlainObject(input)) throw invalid('Workflow must be a JSON object', 'workflow');
  if (typeof input.name !== 'string' || input.name.trim() === '') throw invalid('Workflow name is required', 'name');
  if (!Array.isArray(input.nodes)) throw invalid('Workflow nodes must be an array', 'nodes');
  const connections = input.connections ?? {};
  if (!isPlainObject(connections)) throw invalid('Workflow connections must be an object', 'connections');
  const settings = input.settings ?? {};
  if (!isPlainObject(settings)) throw invalid('Workflow settings must be an object', 'settings');
  for (const field of ['pinData', 'meta'] as const) {
    if (input[field] !== undefined && input[field] !== null && !isPlainObject(input[field])) throw invalid(`Workflow ${field} must be an object`, field);
  }
  if (input.tags !== undefined && input.tags !== null && (!Array.isArray(input.tags) || input.tags.some((t) => typeof t !== 'string'))) {
    throw invalid('Workflow tags must be an array of strings', 'tags');
  }
  if (input.staticData !== undefined && input.staticData !== null && !isPlainObject(input.staticData)) {
    throw invalid('Workflow staticData must be an object', 'staticData');
  }
  if (input.active !== undefined && typeof input.active !== 'boolean') throw invalid('Workflow active must be a boolean', 'active');
  return {
    name: input.name,
    nodes: input.nodes,
    connections,
    settings,
    pinData: input.pinData ?? undefined,
    meta: input.meta ?? undefined,
    tags: input.tags ?? undefined,
    staticData: input.staticData,
    active: input.active,
  };
}

/** undoUpdate puts back a workflow as storage returned it, so it needs the fields storage sets. */
export function storedState(previous: Workflow): void {
  if (!previous.id || !previous.versionId || !previous.updatedAt)
    throw new ValidationError('undoUpdate needs the workflow as read from storage (id, versionId, updatedAt)', { field: 'versionId' });
}

export function compose(
  id: string,
  def: Definition,
  active: boolean,
  staticData: IDataObject | undefined,
  versionId: string,
  createdAt: string,
  updatedAt: string,
): Workflow {
  const wf: Workflow = { id, name: def.name, active, nodes: def.nodes, connections: def.connections, settings: def.settings };
  if (staticData !== undefined) wf.staticData = staticData;
  if (def.pinData !== undefined) wf.pinData = def.pinData;
  if (def.meta !== undefined) wf.meta = def.meta;
  if (def.tags !== undefined) wf.tags = def.tags;
  wf.versionId = versionId;
  wf.createdAt = createdAt;
  wf.updatedAt = updatedAt;
  return wf;
}

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
  return compose(String(row.id), def, row.active === 1, fromJson(row.static_data), String(row.version_id), String(row.created_at), String(row.updated_at));
}

export class SqliteWorkflows implements WorkflowRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  #write(id: string, def: Definition, active: boolean, createdAt: string, isNew: boolean): Workflow {
    const db = this.#db;
    const versionId = newVersionId();
    const now = new Date().toISOString();
    const updatedAt = isNew ? createdAt : now;
    const params: Params = {
      id,
      name: def.name,
      active: active ? 1 : 0,
      version_id: versionId,
      nodes: JSON.stringify(def.nodes),
      connections: JSON.stringify(def.connections),
      settings: JSON.stringify(def.settings),
      pin_data: toJson(def.pinData),
      meta: toJson(def.meta),
      tags: toJson(def.tags),
      created_at: createdAt,
      updated_at: updatedAt,
    };
    if (isNew) {
      db.stmt(`INSERT INTO workflows (id, name, active, version_id, nodes, connections, settings, pin_data, meta, tags, created_at, updated_at)
        VALUES (:id, :name, :active, :version_id, :nodes, :connections, :settings, :pin_data, :meta, :tags, :created_at, :updated_at)`).run(params);
    } else {
      delete params.created_at;
      db.stmt(`UPDATE workflows SET name = :name, active = :active, version_id = :version_id, nodes = :nodes, connections = :connections,
        settings = :settings, pin_data = :pin_data, meta = :meta, tags = :tags, updated_at = :updated_at WHERE id = :id`).run(params);
    }
    if (def.staticData === null || (isNew && def.staticData === undefined)) deleteStaticData(db, id);
    else if (def.staticData !== undefined) writeStaticData(db, id, def.staticData);
    const staticData = def.staticData === undefined ? readStaticData(db, id) : (def.staticData ?? undefined);
    const wf = compose(id, def, active, staticData, versionId, createdAt, updatedAt);
    db.stmt('INSERT INTO workflow_versions (version_id, workflow_id, created_at, workflow) VALUES (?, ?, ?, ?)').run(versionId, id, updatedAt, JSON.stringify(wf));
    return wf;
  }

  async create(input: WorkflowInput): Promise<Workflow> {
    const def = checkInput(input);
    const given = input.id !== undefined && input.id !== null && input.id !== '';
    if (given && !isValidId(input.id)) throw invalid(`Workflow id "${input.id}" may only contain letters, digits and . _ ~ - (at most 128)`, 'id');
    const exists = this.#db.stmt('SELECT 1 AS x FROM workflows WHERE id = ?');
    let id = given ? (input.id as string) : newId();
    while (!given && exists.get(id)) id = newId();
    try {
      return this.#db.tx(() => this.#write(id, def, def.active ?? false, new Date().toISOString(), true));
    } catch (err) {
      if (isUniqueViolation(err)) throw new ValidationError(`A workflow with id "${id}" already exists`, { status: 409, field: 'id' });
      throw err;
    }
  }

  async update(id: string, input: WorkflowInput): Promise<Workflow> {
    const def = checkInput(input);
    return this.#db.tx(() => {
      const row = this.#db.stmt('SELECT active, created_at FROM workflows WHERE id = ?').get(id);
      if (!row) throw new NotFoundError(`Workflow ${id} not found`);
      return this.#write(id, def, def.active ?? row.active === 1, String(row.created_at), false);
    });
  }

  async get(id: string): Promise<Workflow | undefined> {
    const row = this.#db.stmt(`${SELECT} WHERE w.id = ?`).get(id);
    return row ? fromRow(row) : undefined;
  }

  async list(filter: WorkflowFilter = {}): Promise<Page<Workflow>> {
    const limit = pageSize(filter.limit);
    const where: string[] = [];
    const params: Params = { limit: limit + 1 };
    if (filter.name !== undefined && filter.name !== '') {
      where.push('instr(gf_lower(w.name), :name) > 0');
      params.name = filter.name.toLowerCase();
    }
    if (filter.active !== undefined) {
      where.push('w.active = :active');
      params.active = filter.active ? 1 : 0;
    }
    if (filter.tag !== undefined && filter.tag !== '') {
      where.push('EXISTS (SELECT 1 FROM json_each(w.tags) t WHERE gf_lower(t.value) = :tag)');
      params.tag = filter.tag.toLowerCase();
    }
    if (filter.cursor) {
      const [at, id] = decodeCursor(filter.cursor, ['string', 'string']);
      where.push('w.updated_at <= :c_at AND (w.updated_at < :c_at OR w.id < :c_id)');
      params.c_at = at;
      params.c_id = id;
    }
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.updated_at DESC, w.id DESC LIMIT :limit`;
    const rows = this.#db.stmt(sql).all(params);
    const data = rows.slice(0, limit).map(fromRow);
    const last = data[data.length - 1];
    return rows.length > limit ? { data, nextCursor: encodeCursor([last.updatedAt as string, last.id]) } : { data };
  }

  async listActive(): Promise<Workflow[]> {
    return this.#db.stmt(`${SELECT} WHERE w.active = 1 ORDER BY w.id`).all().map(fromRow);
  }

  async delete(id: string): Promise<boolean> {
    return this.#db.tx(() => {
      // Versions go by ON DELETE CASCADE; webhooks and static data have no FK (see migrations.ts).
      this.#db.stmt('DELETE FROM webhooks WHERE workflow_id = ?').run(id);
      deleteStaticData(this.#db, id);
      return Number(this.#db.stmt('DELETE FROM workflows WHERE id = ?').run(id).changes) > 0;
    });
  }

  async setActive(id: string, active: boolean): Promise<Workflow> {
    const changed = this.#db.stmt('UPDATE workflows SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, new Date().toISOString(), id);
    if (Number(changed.changes) === 0) throw new NotFoundError(`Workflow ${id} not found`);
    return (await this.get(id)) as Workflow;
  }

  async listVersions(id: string): Promise<Omit<WorkflowVersion, 'workflow'>[]> {
    return this.#db
      .stmt('SELECT version_id, created_at FROM workflow_versions WHERE workflow_id = ? ORDER BY seq DESC')
      .all(id)
      .map((r) => ({ workflowId: id, versionId: String(r.version_id), createdAt: String(r.created_at) }));
  }

  async getVersion(id: string, versionId: string): Promise<WorkflowVersion | undefined> {
    const row = this.#db.stmt('SELECT created_at, workflow FROM workflow_versions WHERE workflow_id = ? AND version_id = ?').get(id, versionId);
    if (!row) return undefined;
    return { workflowId: id, versionId, createdAt: String(row.created_at), workflow: fromJson<Workflow>(row.workflow) as Workflow };
  }

  async restoreVersion(id: string, versionId: string): Promise<Workflow> {
    const version = await this.getVersion(id, versionId);
    if (!version) throw new NotFoundError(`Version ${versionId} of workflow ${id} not found`);
    const { name, nodes, connections, settings, pinData, meta, tags } = version.workflow;
    return this.update(id, { name, nodes, connections, settings, pinData, meta, tags });
  }

  async undoUpdate(previous: Workflow, versionId: string): Promise<void> {
    storedState(previous);
    const db = this.#db;
    db.tx(() => {
      const row = db.stmt('SELECT version_id FROM workflows WHERE id = ?').get(previous.id);
      if (!row) throw new NotFoundError(`Workflow ${previous.id} not found`);
      db.stmt('DELETE FROM workflow_versions WHERE workflow_id = ? AND version_id = ?').run(previous.id, versionId);
      if (row.version_id !== versionId) return;
      // `active` is left to activation, which undoes its own part (webhooks, schedules) first.
      db.stmt(`UPDATE workflows SET name = :name, version_id = :version_id, nodes = :nodes, connections = :connections, settings = :settings,
        pin_data = :pin_data, meta = :meta, tags = :tags, updated_at = :updated_at WHERE id = :id`).run({
        id: previous.id,
        name: previous.name,
        version_id: previous.versionId as string,
        nodes: JSON.stringify(previous.nodes),
        connections: JSON.stringify(previous.connections ?? {}),
        settings: JSON.stringify(previous.settings ?? {}),
        pin_data: toJson(previous.pinData),
        meta: toJson(previous.meta),
        tags: toJson(previous.tags),
        updated_at: previous.updatedAt as string,
      });
      if (!previous.staticData) deleteStaticData(db, previous.id);
      else writeStaticData(db, previous.id, previous.staticData);
    });
  }
}
