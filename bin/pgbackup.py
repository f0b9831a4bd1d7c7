"""The database half of bin/backup, bin/restore and bin/restore-drill, on DATABASE_URL.

    pgbackup.py dump DIR            database.dump and the row count of every table, both from
                                    one snapshot, so a live site's counts match its dump
    pgbackup.py manifest DIR ARCHIVE=FOLDER …
                                    DIR/manifest.json: the counts, the sha256 of the dump and of
                                    each archive, and how many files each archived folder held
    pgbackup.py verify DIR          the files' sizes and sha256 against the manifest
    pgbackup.py ensure-empty        fails unless the database has no table
    pgbackup.py restore DIR         pg_restore of DIR/database.dump, all or nothing
    pgbackup.py compare DIR         every table's row count against the manifest
    pgbackup.py files DIR ARCHIVE   the number of files the manifest recorded for ARCHIVE
    pgbackup.py name                the database's name and server, without the password

libpq's programs are given the connection without its password, which goes in PGPASSWORD, so no
password shows in the process list.
"""

import hashlib
import json
import os
import subprocess  # nosec B404 - runs pg_dump and pg_restore, nothing else
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

FORMAT = 2
DUMP = "database.dump"
MANIFEST = "manifest.json"
COUNTS = "counts.json"
USER_TABLES = """
    SELECT schemaname, tablename FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY schemaname, tablename
"""


class Refused(Exception):
    """A reason to stop that the person running the script can act on."""


def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise Refused("DATABASE_URL must be a postgres:// address.")
    return url


def describe(url):
    params = conninfo_to_dict(url)
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    return f"{params.get('dbname') or '?'} on {host}:{port}"


def libpq(program, *args, url):
    """Runs a libpq program (pg_dump, pg_restore) on the database, the password out of sight."""
    params = conninfo_to_dict(url)
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = params.pop("password")
    command = [program, f"--dbname={make_conninfo(**params)}", *args]
    # A fixed program with the operator's own database URL, never a shell.
    return subprocess.run(command, env=env, check=False).returncode  # noqa: S603 # nosec B603


def count_rows(connection):
    """Every table's exact row count, as "table" for public and "schema.table" elsewhere."""
    counts = {}
    for schema, table in connection.execute(USER_TABLES).fetchall():
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        name = table if schema == "public" else f"{schema}.{table}"
        counts[name] = connection.execute(query).fetchone()[0]
    return counts


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def size(n):
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024


def read_manifest(directory):
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise Refused(f"{path} is missing: is {directory} a backup made by bin/backup?") from None
    except ValueError as error:
        raise Refused(f"{path} is not valid JSON ({error}).") from None
    if manifest.get("format") != FORMAT:
        raise Refused(f"{path} has format {manifest.get('format')!r}; this script reads {FORMAT}.")
    return manifest


def dump(directory):
    """pg_dump and the counts from one exported snapshot: rows written while the dump runs are
    in neither, so the counts are exactly what the dump holds."""
    url = database_url()
    directory = Path(directory)
    with psycopg.connect(url) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        code = libpq(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={directory / DUMP}",
            url=url,
        )
        if code:
            raise Refused(f"pg_dump failed (exit status {code}); nothing was backed up.")
        counts = count_rows(connection)
        version = connection.execute("SHOW server_version").fetchone()[0]
        connection.rollback()
    (directory / COUNTS).write_text(json.dumps({"server_version": version, "tables": counts}))


def manifest(directory, *archives):
    """Each of `archives` is "media.tar.gz=/srv/praxis/media": an archive and the folder it
    holds, counted here so that a restore can check it unpacked every file."""
    directory = Path(directory)
    database = json.loads((directory / COUNTS).read_text())
    folders = dict(archive.split("=", 1) for archive in archives)
    files = {
        name: {"bytes": (directory / name).stat().st_size, "sha256": sha256(directory / name)}
        for name in (DUMP, *folders)
    }
    for name, folder in folders.items():
        folder = Path(folder)
        files[name]["files"] = (
            sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
        )
    document = {
        "format": FORMAT,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "server_version": database["server_version"],
        "files": files,
        "tables": database["tables"],
    }
    (directory / MANIFEST).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    (directory / COUNTS).unlink()
    rows = sum(database["tables"].values())
    tables = len(database["tables"])
    print(f"  {DUMP:<16} {size(files[DUMP]['bytes']):>10}  {tables} tables, {rows} rows")
    for name, folder in folders.items():
        print(
            f"  {name:<16} {size(files[name]['bytes']):>10}  {files[name]['files']} files "
            f"from {folder}"
        )
    print(f"  {MANIFEST:<16} {'':>10}  row counts and sha256 checksums")


def archived_files(directory, archive):
    entry = read_manifest(directory)["files"].get(archive)
    if entry is None:
        raise Refused(f"{MANIFEST} in {directory} records no {archive}.")
    print(entry["files"])


def verify(directory):
    document = read_manifest(directory)
    for name, expected in sorted(document["files"].items()):
        path = Path(directory) / name
        if not path.is_file():
            raise Refused(f"{path} is missing.")
        if path.stat().st_size != expected["bytes"] or sha256(path) != expected["sha256"]:
            raise Refused(
                f"{path} does not match its checksum in {MANIFEST}: the backup is damaged or "
                "incomplete. Restore another backup."
            )
    print(f"Checksums match {MANIFEST} ({', '.join(sorted(document['files']))}).")


def ensure_empty():
    url = database_url()
    with psycopg.connect(url) as connection:
        tables = connection.execute(USER_TABLES).fetchall()
    if tables:
        name = conninfo_to_dict(url).get("dbname", "")
        raise Refused(
            f"The database {describe(url)} already has {len(tables)} tables; bin/restore only "
            "restores into an empty database, so nothing is overwritten. Create a fresh one and "
            f"point DATABASE_URL at it, e.g.: createdb {name}_restored"
        )


def restore(directory):
    code = libpq(
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        str(Path(directory) / DUMP),
        url=database_url(),
    )
    if code:
        raise Refused(f"pg_restore failed (exit status {code}); the database is left empty.")


def compare(directory):
    expected = read_manifest(directory)["tables"]
    with psycopg.connect(database_url()) as connection:
        actual = count_rows(connection)
    problems = [
        f"  {table}: {expected.get(table, 'no such table')} in the backup, "
        f"{actual.get(table, 'no such table')} restored"
        for table in sorted(expected.keys() | actual.keys())
        if expected.get(table) != actual.get(table)
    ]
    if problems:
        raise Refused(
            f"Row counts differ from {MANIFEST} in {len(problems)} tables:\n" + "\n".join(problems)
        )
    print(f"Row counts match {MANIFEST}: {len(actual)} tables, {sum(actual.values())} rows.")


def main(argv):
    commands = {
        "dump": dump,
        "manifest": manifest,
        "verify": verify,
        "ensure-empty": ensure_empty,
        "restore": restore,
        "compare": compare,
        "files": archived_files,
        "name": lambda: print(describe(database_url())),
    }
    if not argv or argv[0] not in commands:
        sys.exit(__doc__)
    try:
        commands[argv[0]](*argv[1:])
    except Refused as error:
        sys.exit(str(error))
    except psycopg.OperationalError as error:
        message = f"Cannot connect to the database: {str(error).strip()}"
        if "does not exist" in message:
            name = conninfo_to_dict(database_url()).get("dbname", "praxis")
            message += f"\nCreate it first, e.g.: createdb {name}"
        sys.exit(message)


if __name__ == "__main__":
    main(sys.argv[1:])
