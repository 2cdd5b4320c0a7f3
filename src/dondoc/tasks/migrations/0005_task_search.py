# The task list's search at national scale (tasks/search.py): an index over Task.search_text, the
# folded (unaccented, lower-case) text that the search box looks in, one kind per database.
#
# - PostgreSQL: a pg_trgm GIN index, which serves `search_text LIKE '%word%'` for words of three
#   letters or more. CREATE EXTENSION needs a role allowed to make it (a superuser, or the
#   database's owner since PostgreSQL 13 for trusted extensions such as pg_trgm).
# - SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34 or later) over the same column,
#   "external content" (it keeps no copy of the text), kept in step with tasks_task by triggers so
#   that every writer (the services, core.bulk's imports, the bench's dataset, a later bulk
#   UPDATE) keeps it right without knowing it is there.
#
# And for both, an index on the list's default order (the newest assigned first): a search for a
# common word walks it and stops after a page instead of sorting every match.

from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE tasks_task_search USING fts5(
        search_text, content='tasks_task', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER tasks_task_search_insert AFTER INSERT ON tasks_task BEGIN
        INSERT INTO tasks_task_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER tasks_task_search_delete AFTER DELETE ON tasks_task BEGIN
        INSERT INTO tasks_task_search(tasks_task_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER tasks_task_search_update AFTER UPDATE OF search_text ON tasks_task
    WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO tasks_task_search(tasks_task_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO tasks_task_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    # The tasks already there.
    "INSERT INTO tasks_task_search(tasks_task_search) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS tasks_task_search_insert",
    "DROP TRIGGER IF EXISTS tasks_task_search_delete",
    "DROP TRIGGER IF EXISTS tasks_task_search_update",
    "DROP TABLE IF EXISTS tasks_task_search",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS task_search_trgm ON tasks_task USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS task_search_trgm"]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0004_attachment_moves_to_its_own_app"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["assigned_on", "id"], name="task_assigned_on"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
