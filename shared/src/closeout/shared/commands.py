"""A service command for the shared command line that may declare its own arguments."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

Command = Callable[[argparse.Namespace], int | None]
"""Runs with the parsed arguments; returns the exit status (None: 0)."""


@dataclass(frozen=True)
class CliCommand:
    help: str
    run: Command
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    """Adds the command's own arguments and options to its subparser."""

    @classmethod
    def of(cls, spec: CliCommand | tuple[str, Command]) -> CliCommand:
        """Accept the older `(help, command)` pair (a command without arguments) too."""
        return spec if isinstance(spec, CliCommand) else cls(help=spec[0], run=spec[1])

    def add_to(
        self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str
    ) -> None:
        parser = subparsers.add_parser(name, help=self.help, description=self.help)
        if self.arguments is not None:
            self.arguments(parser)
