"""``python -m danvan_crawler`` is the ``danvan`` command."""

from .cli import main

main(prog_name="danvan")
