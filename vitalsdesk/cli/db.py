"""`vitalsdesk db upgrade|backup|check|key show|key restore`: the database itself, by a signed-in
administrator; each is audited."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vitalsdesk.cli.common import (
    ADMIN,
    EXIT_FAILURE,
    EXIT_OK,
    CommandFailed,
    add_sign_in_options,
    ask_passphrase,
    opened_clinic,
    read_line,
    sign_in,
)


def _maintenance(clinic: Any) -> Any:
    from vitalsdesk.services.maintenance import MaintenanceService

    return MaintenanceService(clinic.db)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from vitalsdesk.db import migrate

    with opened_clinic(upgrade=False) as clinic:
        user = sign_in(clinic, args, ADMIN)
        before = migrate.current_revision(clinic.db)
        backup = migrate.upgrade(clinic.db, clinic.backup_dir)
        after = migrate.current_revision(clinic.db)
        _maintenance(clinic).record(user, "db_upgraded", before=before, after=after)
    if before == after:
        print(f"The database is up to date (schema {after}).")
    else:
        print(f"Upgraded the database from schema {before or 'empty'} to {after}.")
    if backup is not None:
        print(f"Backup taken first: {backup}")
    return EXIT_OK


def cmd_db_backup(args: argparse.Namespace) -> int:
    from vitalsdesk.db.backup import backup_sqlite
    from vitalsdesk.db.engine import DatabaseError

    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        try:
            target = backup_sqlite(
                clinic.db, clinic.backup_dir, keep=clinic.settings.backups_to_keep
            )
        except DatabaseError as exc:
            raise CommandFailed(str(exc)) from None
        _maintenance(clinic).record(user, "db_backup_written", file=target.name)
    print(f"Backup written: {target}")
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace) -> int:
    from vitalsdesk.db import migrate

    with opened_clinic() as clinic:
        sign_in(clinic, args, ADMIN)
        problems = clinic.db.integrity_check()
        revision = migrate.current_revision(clinic.db)
    if problems:
        print("The database has problems:", file=sys.stderr)
        for problem in problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"The database is sound (integrity check ok, schema {revision}).")
    return EXIT_OK


def cmd_db_key_show(args: argparse.Namespace) -> int:
    from vitalsdesk.db import encryption

    with opened_clinic() as clinic:
        user = sign_in(clinic, args, ADMIN)
        key = clinic.db.key
        if key is None:
            raise CommandFailed("This database is not encrypted (PostgreSQL, or encryption off).")
        _maintenance(clinic).record(user, "db_key_shown")
    print("Recovery key of this clinic's database. Keep it on paper in a safe place; with it")
    print("an administrator can open the database on a replaced PC (`vitalsdesk db key restore`).")
    print(encryption.recovery_text(key))
    return EXIT_OK


def cmd_db_key_restore(args: argparse.Namespace) -> int:
    """The recovery key must open the clinic's database (where settings say it is), and an
    administrator must sign in to that database, before the key is kept on this PC: in the
    keyring, or, where there is none, under a passphrase chosen now."""
    from vitalsdesk.clinic import database_url, open_clinic
    from vitalsdesk.db import encryption, restore
    from vitalsdesk.paths import data_dir
    from vitalsdesk.settings import load_settings

    folder = data_dir()
    text = read_line("Recovery key: ")
    try:
        key = encryption.parse_key(text)
    except encryption.KeyUnavailable as exc:
        raise CommandFailed(str(exc)) from None
    database = restore.sqlite_file(database_url(folder, load_settings(folder)))
    if database is None:
        raise CommandFailed("This clinic's database is a server: it has no key on this PC.")
    if not database.exists() or not encryption.opens_with(database, key):
        raise CommandFailed(f"That key does not open the database {database}.")
    clinic = open_clinic(folder, key=key)
    try:
        user = sign_in(clinic, args, ADMIN)
        try:
            kept = encryption.restore_key(folder, key, ask_passphrase, database=database)
        except encryption.KeyUnavailable as exc:
            raise CommandFailed(str(exc)) from None
        _maintenance(clinic).record(user, "db_key_restored", kept_in=kept)
    finally:
        clinic.close()
    where = "this PC's keyring" if kept == "keyring" else "this PC, under the passphrase chosen now"
    print(f"The database key is restored: it is kept in {where}.")
    return EXIT_OK


def cmd_db_passphrase_change(args: argparse.Namespace) -> int:
    """A new passphrase for the clinic's database key (no keyring): the key, the database and
    its backups stay as they are. The old passphrase opens the records, an administrator signs
    in, then the new one is typed twice."""
    from vitalsdesk.db import encryption
    from vitalsdesk.paths import data_dir

    folder = data_dir()
    old = read_line("Current database passphrase: ")
    with opened_clinic(passphrase=old) as clinic:
        user = sign_in(clinic, args, ADMIN)
        new = read_line("New database passphrase: ", confirm=True)
        try:
            encryption.change_passphrase(folder, old, new)
        except (encryption.WrongPassphrase, encryption.KeyUnavailable) as exc:
            raise CommandFailed(str(exc)) from None
        _maintenance(clinic).record(user, "db_passphrase_changed")
    print("The database passphrase is changed. Type the new one from now on.")
    return EXIT_OK


def register(commands: Any) -> None:
    db = commands.add_parser(
        "db",
        help="upgrade, back up or check the database; its encryption key (an administrator)",
    )
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, handler, help_text in (
        ("upgrade", cmd_db_upgrade, "bring the schema up to date (after a backup)"),
        ("backup", cmd_db_backup, "write a backup copy of the SQLite database"),
        ("check", cmd_db_check, "run the database's full integrity check"),
    ):
        action = actions.add_parser(name, help=help_text)
        add_sign_in_options(action)
        action.set_defaults(handler=handler)
    key = actions.add_parser("key", help="the encryption key: show the recovery key, or restore it")
    key_actions = key.add_subparsers(dest="key_action", metavar="ACTION", required=True)
    show = key_actions.add_parser("show", help="print the recovery key (audited)")
    add_sign_in_options(show)
    show.set_defaults(handler=cmd_db_key_show)
    restore = key_actions.add_parser(
        "restore",
        help="put the recovery key back on this PC (read first from the terminal or stdin)",
        description="Put the clinic's recovery key back on this PC. The key is read first (a "
        "terminal prompt, or the first line of standard input), then the administrator signs "
        "in to the database it opens (with --password-stdin: the next line).",
    )
    add_sign_in_options(restore)
    restore.set_defaults(handler=cmd_db_key_restore)
    passphrase = actions.add_parser(
        "passphrase", help="the clinic's database passphrase (PCs without a keyring)"
    )
    passphrase_actions = passphrase.add_subparsers(
        dest="passphrase_action", metavar="ACTION", required=True
    )
    change = passphrase_actions.add_parser(
        "change",
        help="choose a new passphrase; nothing is re-encrypted",
        description="Choose a new passphrase for the clinic's database key. The current "
        "passphrase is read first (terminal or standard input), then the administrator signs "
        "in, then the new passphrase (twice at a terminal, once on standard input).",
    )
    add_sign_in_options(change)
    change.set_defaults(handler=cmd_db_passphrase_change)
