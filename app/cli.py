"""Flask CLI: ``flask db upgrade`` | ``flask definitions deploy`` | ``flask seed-demo [--no-content]`` |
``flask outbox relay|failed|retry ID`` | ``flask deadlines sweep`` | ``flask attachments sweep`` | ``flask openapi dump PATH``."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app import schema
from app.extensions import db

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")
definitions_cli = AppGroup("definitions", help="Process, decision-table and form definitions.")
outbox_cli = AppGroup("outbox", help="Notification outbox.")
attachments_cli = AppGroup("attachments", help="Attachment housekeeping.")
deadlines_cli = AppGroup("deadlines", help="超时催办: due review tasks.")
openapi_cli = AppGroup("openapi", help="The OpenAPI document of /api/v1.")


def openapi_text() -> str:
    """The current OpenAPI document as stable JSON text (sorted keys, 2-space indent, trailing newline).

    The browser's committed snapshot ``web/src/api/openapi.json`` is this text; tests compare the two.
    """
    import json

    from app.extensions import api
    return json.dumps(api.spec.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@openapi_cli.command("dump")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def openapi_dump(path: Path) -> None:
    """Write the OpenAPI document to PATH (web/src/api/openapi.json; then `npm run gen:api`)."""
    path.write_text(openapi_text(), encoding="utf-8")
    click.echo(f"wrote {path}")


@db_cli.command("upgrade")
@click.option("--revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations (SQLite or PostgreSQL)."""
    schema.upgrade(db.engine, revision)
    click.echo(f"database at {revision}: {db.engine.url.render_as_string(hide_password=True)}")


@definitions_cli.command("deploy")
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
@click.option("--rules", "rules_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="use another folder of DMN files (e.g. rules/alternatives)")
def definitions_deploy(root: Path | None, rules_dir: Path | None) -> None:
    """Lint, parse and store processes/*.bpmn, rules/*.dmn, forms/*.json as content-hashed versions."""
    from app.errors import ValidationFailed
    from app.services.deployment import deploy_from_folder
    from app.services.reference.seeding import seed_reference_data
    folder = root or current_app.config["DEFINITIONS_ROOT"]
    try:
        report = deploy_from_folder(folder, deployed_by="cli", rules_dir=rules_dir)
    except ValidationFailed as exc:
        for error in exc.errors:
            click.echo(f"  {error.get('file')}: {error.get('message')}", err=True)
        raise click.ClickException(exc.message) from exc
    click.echo(f"deployed {len(report.created)} new version(s), {len(report.unchanged)} unchanged")
    for line in report.created:
        click.echo(f"  + {line}")
    for name, count in seed_reference_data(folder).items():
        click.echo(f"  reference data {name}: {count} starting value(s)")


@click.command("seed-demo")
@click.option("--content/--no-content", default=True, show_default=True,
              help="also file the demo records (app/demo/demo-records.json); --no-content seeds the organisation only")
def seed_demo(content: bool) -> None:
    """Load the demo organisation (units, accounts, roles) and the demo records, idempotently."""
    from app.services.identity.organisation import seed_organisation
    counts = seed_organisation(current_app.config["DEMO_ORG_FILE"])
    click.echo("demo organisation: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if content:
        import logging

        from app.services.demo_content import DemoContentError, seed_demo_records
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)   # one line per in-process task otherwise
        try:
            report = seed_demo_records(current_app.config["DEMO_RECORDS_FILE"])
        except DemoContentError as exc:
            raise click.ClickException(str(exc)) from exc
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(report["statuses"].items()))
        click.echo(f"demo records: {report['records_created']} created ({statuses or 'none'}), "
                   f"{report['records_skipped']} already there")
        if report["default_year_seeded"] is not None:
            click.echo(f"default 考核年度: {report['default_year_seeded']} (the year of the demo records)")


@click.command("demo-accounts")
def demo_accounts() -> None:
    """Print the demo accounts (all with password demo-password)."""
    from app.services.identity.organisation import demo_accounts as accounts
    for account, name, roles in accounts(current_app.config["DEMO_ORG_FILE"]):
        click.echo(f"  {account:<14} {name:<8} {roles}")


@outbox_cli.command("relay")
def outbox_relay() -> None:
    """Deliver every due outbox row now, in this process (all of them, in batches)."""
    from app.services.messaging import notifications
    delivered = []

    def deliver(message_id: int) -> None:
        made, follow_ups = notifications.deliver_or_record(message_id)     # failures counted, as the worker does
        delivered.append(made)
        for follow_up in follow_ups:
            delivered.append(notifications.deliver_or_record(follow_up)[0])

    count = notifications.relay_pending(deliver)
    click.echo(f"relayed {count} message(s), {sum(delivered)} notification(s) or mail(s)")


@outbox_cli.command("failed")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
def outbox_failed(limit: int) -> None:
    """List outbox rows that failed for good: id, event, recipient, attempts, error."""
    from app.services.messaging import notifications
    rows = notifications.failed_messages(limit)
    for row in rows:
        to = row.payload.get("to") or row.payload.get("recipient_ids") or row.payload.get("candidate_role") or ""
        click.echo(f"{row.id}\t{row.event_type}\t{to}\t{row.attempts}\t{(row.last_error or '').splitlines()[0][:200]}")
    click.echo(f"{len(rows)} failed message(s)")


@outbox_cli.command("retry")
@click.argument("message_id", type=int)
def outbox_retry(message_id: int) -> None:
    """Put one failed outbox row back in the queue (attempts reset)."""
    from app.errors import AppError
    from app.services.messaging import notifications
    try:
        notifications.retry_message(message_id)
    except AppError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"message {message_id} queued again")


@deadlines_cli.command("sweep")
def deadlines_sweep() -> None:
    """Send the reminders and escalations of review tasks past their due time, and fire due BPMN timers, now."""
    from app.services.deadlines.sweep import sweep_deadlines
    from app.services.review.process_steps import fire_due_timers
    report = sweep_deadlines()
    fired = fire_due_timers()
    click.echo(f"reminded {report['reminded']} task(s), escalated {report['escalated']} task(s), "
               f"fired the timers of {fired} instance(s)")


@attachments_cli.command("sweep")
@click.option("--hours", type=click.FloatRange(min=0), default=None,
              help="sweep files left in no row for longer than this  [default: 24]")
def attachments_sweep(hours: float | None) -> None:
    """Soft-delete child-list files never placed in a row; remove stale upload spools."""
    from datetime import timedelta

    from app.services.files.attachment_sweep import DEFAULT_AGE, sweep_unplaced_attachments
    report = sweep_unplaced_attachments(older_than=DEFAULT_AGE if hours is None else timedelta(hours=hours))
    click.echo(f"swept {report.attachments} unplaced attachment(s), {report.spools} stale upload spool(s)")


def register_cli(app: Flask) -> None:
    for command in (db_cli, definitions_cli, outbox_cli, deadlines_cli, attachments_cli, openapi_cli, seed_demo, demo_accounts):
        app.cli.add_command(command)
