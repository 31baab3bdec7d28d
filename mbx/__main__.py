"""``python -m mbx`` runs the ``mbx`` command line."""

from mbx.cli import main

main(prog_name="mbx")
