"""`python -m pipeline load …`: the public entry point (WAREHOUSE.md), kept for every script and user
that calls it. The CLI itself lives with the Dagster layer (`assets/cli.py`); this only hands the
command line over to it when run as a program, so importing `pipeline` never loads Dagster."""

if __name__ == "__main__":
    import runpy

    runpy.run_module("assets", run_name="__main__", alter_sys=True)
