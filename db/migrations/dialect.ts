import { PostgresAdapter, sql, type ColumnDataType, type ColumnDefinitionBuilder, type Expression, type Kysely } from 'kysely'

// Frozen with the migrations: never imports application code. What the two dialects spell
// differently, so one set of migrations builds the same schema on SQLite and on PostgreSQL
// (and SQLite's DDL stays byte for byte what it always was).

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** Binary data: SQLite's `blob`, PostgreSQL's `bytea`. */
export function bytes(db: Kysely<any>): ColumnDataType | Expression<unknown> {
  return isPostgres(db) ? sql`bytea` : 'blob'
}

/**
 * An auto-numbered key column, as `.addColumn('id', ...serialKey(db))`: SQLite's `integer
 * primary key autoincrement`, PostgreSQL's `bigserial primary key`.
 */
export function serialKey(db: Kysely<any>): [ColumnDataType | Expression<unknown>, (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return isPostgres(db) ? [sql`bigserial`, (c) => c.primaryKey()] : ['integer', (c) => c.primaryKey().autoIncrement()]
}
