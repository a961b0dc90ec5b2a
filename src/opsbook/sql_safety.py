"""What makes a SQL statement read-only: one definition for lint and for `opsbook check`.

Lint reports a validation query that could write; `check` refuses to run one. Both must
agree on what "could write" means, so the node lists live here, below both.
"""

from __future__ import annotations

from typing import Any

# Nodes that change data, schema or session state, anywhere in a query's tree
# (PostgreSQL lets a CTE hold a DELETE; SELECT … INTO creates a table).
WRITE_NODES = (
    "Insert",
    "Update",
    "Delete",
    "Merge",
    "Copy",
    "Create",
    "Drop",
    "Alter",
    "TruncateTable",
    "Command",
    "Into",
    "Set",
    "Use",
    "Pragma",
    "Transaction",
    "Commit",
    "Rollback",
    "Grant",
    "Revoke",
    "LoadData",
)
READ_ROOTS = ("Query", "Values")
"""Statement classes that read: SELECT, set operations, WITH … SELECT, VALUES."""


def _classes(names: tuple[str, ...]) -> tuple[type, ...]:
    from sqlglot import exp

    return tuple(c for n in names if isinstance(c := getattr(exp, n, None), type))


def first_write(expression: Any) -> str | None:
    """The first node of the tree that writes, by class name (Delete, Into…), if any."""
    if expression is None:
        return None
    found = expression.find(*_classes(WRITE_NODES))
    return type(found).__name__ if found is not None else None


def is_read_only(expression: Any) -> bool:
    """A SELECT/WITH (or VALUES) with no writing node anywhere inside it."""
    if expression is None or not isinstance(expression, _classes(READ_ROOTS)):
        return False
    return first_write(expression) is None


# Functions a SELECT can call that act on the server, its files or other sessions: they
# run inside a read-only transaction all the same, and a powerful role (the owner of the
# database, a superuser) may call them. Drawn from PostgreSQL's "System Administration
# Functions" (server signalling, configuration, backup and recovery control, replication,
# generic file access, advisory locks, statistics reset, index maintenance), its
# large-object and sequence functions, the dblink and adminpack extensions, the
# functions that run a query given as text (query_to_xml & co. would carry any other
# name past this list), and SQLite's extension loading and file functions.
SIDE_EFFECT_FUNCTIONS = frozenset(
    {
        # configuration and server signalling
        "set_config",
        "pg_reload_conf",
        "pg_rotate_logfile",
        "pg_cancel_backend",
        "pg_terminate_backend",
        "pg_log_backend_memory_contexts",
        "pg_log_standby_snapshot",
        # backup, recovery and replication control
        "pg_create_restore_point",
        "pg_start_backup",
        "pg_stop_backup",
        "pg_backup_start",
        "pg_backup_stop",
        "pg_switch_wal",
        "pg_switch_xlog",
        "pg_wal_replay_pause",
        "pg_wal_replay_resume",
        "pg_promote",
        "pg_export_snapshot",
        "pg_create_physical_replication_slot",
        "pg_create_logical_replication_slot",
        "pg_copy_physical_replication_slot",
        "pg_copy_logical_replication_slot",
        "pg_drop_replication_slot",
        "pg_replication_slot_advance",
        "pg_logical_slot_get_changes",
        "pg_logical_slot_get_binary_changes",
        "pg_logical_emit_message",
        # generic file access (read the server's files: a leak, not a write)
        "pg_read_file",
        "pg_read_binary_file",
        "pg_stat_file",
        "pg_ls_dir",
        "pg_ls_logdir",
        "pg_ls_waldir",
        "pg_ls_tmpdir",
        "pg_ls_archive_statusdir",
        "pg_ls_logicalsnapdir",
        "pg_ls_logicalmapdir",
        "pg_ls_replslotdir",
        # statistics reset, index maintenance, catalogue changes
        "pg_stat_reset",
        "pg_stat_reset_shared",
        "pg_stat_reset_single_table_counters",
        "pg_stat_reset_single_function_counters",
        "pg_stat_reset_slru",
        "pg_stat_reset_replication_slot",
        "pg_stat_reset_subscription_stats",
        "pg_stat_statements_reset",
        "brin_summarize_new_values",
        "brin_summarize_range",
        "brin_desummarize_range",
        "gin_clean_pending_list",
        "pg_import_system_collations",
        "pg_extension_config_dump",
        # sequences, notifications and transaction ids (each changes shared state)
        "nextval",
        "setval",
        "pg_notify",
        "txid_current",
        "pg_current_xact_id",
        # queries given as text run past every check on the outer statement
        "query_to_xml",
        "query_to_xmlschema",
        "query_to_xml_and_xmlschema",
        "cursor_to_xml",
        "cursor_to_xmlschema",
        "ts_stat",  # ts_stat('SELECT …'): text search statistics over any query
        "ts_rewrite",  # ts_rewrite(query, 'SELECT …'): rewrite rules from any query
        # SQLite: loading a shared library, reading and writing files
        "load_extension",
        "readfile",
        "writefile",
    }
)
SIDE_EFFECT_PREFIXES = (
    "dblink",  # dblink, dblink_exec…: a second connection that is not read-only
    "lo_",  # large objects: lo_import/lo_export read and write the server's files
    "pg_advisory_",  # advisory locks outlive the query and block other sessions
    "pg_try_advisory_",
    "pg_file_",  # adminpack: pg_file_write, pg_file_rename, pg_file_unlink
)


def side_effect_function(expression: Any) -> str | None:
    """The first function called in the tree that acts beyond reading the tables (by
    its lower-case name), if any; see SIDE_EFFECT_FUNCTIONS."""
    if expression is None:
        return None
    from sqlglot import exp

    for node in expression.find_all(exp.Func):
        name = (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()
        if name in SIDE_EFFECT_FUNCTIONS or name.startswith(SIDE_EFFECT_PREFIXES):
            return name
    return None
