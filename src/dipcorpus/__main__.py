from dipcorpus.cli import cli

cli(prog_name="dipcorpus")
