"""``python -m danvan_crawler.replicas``: serve the replicas until Ctrl-C."""

from danvan_crawler.cli import main

main(["replicas"], prog_name="danvan")
