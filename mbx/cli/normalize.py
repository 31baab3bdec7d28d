"""``mbx normalize``: rewrite Turtle files in canonical form, or --check them."""

from __future__ import annotations

import click


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--check", is_flag=True, help="Only report files that are not canonical (exit 1).")
def normalize(files: tuple[str, ...], check: bool) -> None:
    """Rewrite Turtle FILES in canonical form (in place), or --check them."""
    from mbx.errors import CheckFailed
    from mbx.export import normalize_file

    stale = []
    for name in files:
        if normalize_file(name, check=check):
            stale.append(name)
            if not check:
                click.echo(f"normalized {name}", err=True)
    if check and stale:
        raise CheckFailed(
            f"not in canonical form: {', '.join(stale)}", hint="run `mbx normalize FILE`"
        )
