"""The `dondoc` command: Django's management commands for this project (`dondoc migrate`...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dondoc", *sys.argv[1:]])


if __name__ == "__main__":
    main()
