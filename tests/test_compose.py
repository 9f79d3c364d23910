"""docker-compose.yml and the Dockerfile checked against the real CLI, settings, Celery app and
repository, since no Docker engine runs where the tests do."""

from __future__ import annotations

import importlib
import itertools
import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import typer.main
import yaml
from celery import Celery

import eventwire.cli
from eventwire.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
SERVICES: dict[str, dict[str, Any]] = yaml.safe_load(COMPOSE_TEXT)["services"]
PYPROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DOCKERFILE_TEXT = (ROOT / "Dockerfile").read_text(encoding="utf-8")
CLI = typer.main.get_command(eventwire.cli.app)


def _argv(command: str | list[Any]) -> list[str]:
    """A compose or Dockerfile command as an argument list (string form split like a shell)."""
    return shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]


def _commands(program: str) -> dict[str, list[str]]:
    """The command of every service that runs ``program``, by service name."""
    commands = {name: _argv(service.get("command", [])) for name, service in SERVICES.items()}
    return {name: argv for name, argv in commands.items() if argv[:1] == [program]}


def _instructions(keyword: str) -> list[str]:
    """The arguments of every Dockerfile instruction ``keyword``, continuation lines joined."""
    lines = [line for line in DOCKERFILE_TEXT.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        word, _, rest = line.strip().partition(" ")
        if word.upper() == keyword:
            found.append(rest.strip())
    return found


def _exec_form(arguments: str) -> list[str]:
    """A CMD/ENTRYPOINT/COPY argument string, JSON (exec) form or shell form."""
    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


def _copied_sources() -> set[str]:
    """Every path the Dockerfile copies from the build context, without './' or trailing '/'."""
    sources: set[str] = set()
    for arguments in _instructions("COPY"):
        paths = [arg for arg in _exec_form(arguments) if not arg.startswith("--")]
        sources.update(path.removeprefix("./").rstrip("/") or "." for path in paths[:-1])
    return sources


def _image_argv() -> list[str]:
    """What a container of the image runs by default: ENTRYPOINT followed by CMD."""
    entrypoint = _instructions("ENTRYPOINT")
    cmd = _instructions("CMD")
    return [*(_exec_form(entrypoint[-1]) if entrypoint else []), *_exec_form(cmd[-1])]


def _depends_on(service: dict[str, Any]) -> dict[str, str]:
    """Each dependency of a service and the condition it waits for."""
    depends = service.get("depends_on", {})
    if isinstance(depends, list):
        return dict.fromkeys(depends, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in depends.items()}


def _interpolate(value: str) -> str:
    """Compose's ``${VAR:-default}`` and ``${VAR-default}`` as they read with VAR unset."""
    return re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}", r"\1", value)


def _environment(service: dict[str, Any]) -> dict[str, str]:
    """A service's environment, from either the mapping or the ``KEY=value`` list form, with
    compose's variable defaults applied."""
    env = service.get("environment", {})
    if isinstance(env, list):
        return {key: _interpolate(value) for key, _, value in (i.partition("=") for i in env)}
    return {key: "" if value is None else _interpolate(str(value)) for key, value in env.items()}


def _cli_command(argv: list[str]) -> tuple[Any, list[str]]:
    """Walk ``eventwire <group> <command> ...`` down the click tree; return the command reached
    and the arguments left for it."""
    # A group is told apart by its ``commands`` mapping, not by isinstance: recent typer builds
    # on a vendored copy of click, so its groups are not ``click.Group`` instances.
    command: Any = CLI
    args = argv[1:]
    while (subcommands := getattr(command, "commands", None)) is not None:
        assert args, f"{argv} stops at a command group"
        assert args[0] in subcommands, f"no subcommand {args[0]!r} in {argv}"
        command, args = subcommands[args[0]], args[1:]
    return command, args


def _cli_params(argv: list[str]) -> dict[str, Any]:
    """Parse ``argv`` with the real CLI without running it, returning the parameter values."""
    command, args = _cli_command(argv)
    with command.make_context(command.name or argv[0], args) as ctx:
        return dict(ctx.params)


EVENTWIRE_COMMANDS = {**_commands("eventwire"), "Dockerfile CMD": _image_argv()}
CELERY_COMMANDS = _commands("celery")


class TestServices:
    @pytest.mark.parametrize("name", sorted(SERVICES))
    def test_has_an_image_to_run(self, name: str) -> None:
        """Every service names an image or builds one from a Dockerfile that exists."""
        service = SERVICES[name]
        assert "image" in service or "build" in service
        build = service.get("build")
        if build is not None:
            spec = {"context": build} if isinstance(build, str) else build
            dockerfile = ROOT / spec.get("context", ".") / spec.get("dockerfile", "Dockerfile")
            assert dockerfile.is_file()


class TestRedisService:
    @staticmethod
    def _flags() -> dict[str, str]:
        argv = _argv(SERVICES["redis"]["command"])
        return {flag: value for flag, value in itertools.pairwise(argv) if flag[:2] == "--"}

    def test_logs_every_write_to_an_append_only_file(self) -> None:
        """Redis runs with AOF on, so queued batches and the dedup index survive a restart."""
        flags = self._flags()
        assert flags["--appendonly"] == "yes"
        assert flags["--appendfsync"] == "everysec"

    def test_refuses_writes_when_full_instead_of_evicting(self) -> None:
        """Redis has a memory cap and the noeviction policy, so no queued batch is dropped."""
        flags = self._flags()
        assert flags["--maxmemory-policy"] == "noeviction"
        assert flags["--maxmemory"]

    def test_keeps_its_data_on_a_volume(self) -> None:
        """Redis's /data is a volume, so the append-only file outlives the container."""
        targets = [
            volume.split(":")[1] if isinstance(volume, str) else volume["target"]
            for volume in SERVICES["redis"].get("volumes", [])
        ]
        assert "/data" in targets

    def test_is_healthy_when_it_answers_ping(self) -> None:
        """Redis's healthcheck runs redis-cli ping, which dependants wait on."""
        check = _argv(SERVICES["redis"]["healthcheck"]["test"])
        assert "redis-cli" in check
        assert "ping" in check


class TestWorkerService:
    def test_has_no_container_name(self) -> None:
        """The worker has no fixed container name, which would stop --scale worker=N."""
        assert "container_name" not in SERVICES["worker"]

    def test_publishes_no_ports(self) -> None:
        """The worker publishes no port, so scaled copies never compete for a host port."""
        assert not SERVICES["worker"].get("ports")

    def test_waits_for_a_healthy_redis(self) -> None:
        """The worker starts only once Redis answers its healthcheck."""
        assert _depends_on(SERVICES["worker"]).get("redis") == "service_healthy"

    def test_restarts_unless_stopped(self) -> None:
        """A crashed worker comes back by itself."""
        assert SERVICES["worker"]["restart"] == "unless-stopped"


class TestFlowerService:
    def test_publishes_the_port_flower_listens_on(self) -> None:
        """The container port Flower is told to use is the one published to the host."""
        argv = _argv(SERVICES["flower"]["command"])
        port = next(
            (arg.partition("=")[2] for arg in argv if arg.startswith("--port=")),
            argv[argv.index("--port") + 1] if "--port" in argv else "5555",
        )
        published = [
            str(entry).split(":")[-1].split("/")[0]
            if not isinstance(entry, dict)
            else str(entry["target"])
            for entry in SERVICES["flower"].get("ports", [])
        ]
        assert port in published


class TestIntakeService:
    @staticmethod
    def _params() -> dict[str, Any]:
        return _cli_params(_argv(SERVICES["intake"]["command"]))

    def test_runs_the_intake(self) -> None:
        """The intake service runs ``eventwire serve``."""
        assert _argv(SERVICES["intake"]["command"])[:2] == ["eventwire", "serve"]

    def test_listens_on_all_interfaces(self) -> None:
        """It binds 0.0.0.0, since a container's loopback is unreachable from the host."""
        assert self._params()["host"] == "0.0.0.0"  # noqa: S104 - the point of the check

    def test_publishes_the_port_it_listens_on(self) -> None:
        """The container port given to ``--port`` is the one published to the host."""
        port = str(self._params()["port"])
        published = [str(entry).split(":")[-1] for entry in SERVICES["intake"]["ports"]]
        assert port in published

    def test_healthcheck_asks_healthz_on_that_port(self) -> None:
        """The healthcheck requests /healthz on the port the intake listens on."""
        check = " ".join(_argv(SERVICES["intake"]["healthcheck"]["test"]))
        assert f":{self._params()['port']}/healthz" in check

    def test_waits_for_a_healthy_redis(self) -> None:
        """The intake starts once Redis answers its healthcheck."""
        assert _depends_on(SERVICES["intake"]).get("redis") == "service_healthy"

    def test_api_keys_default_parses(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The API keys value, with compose's default applied, is a JSON list Settings reads."""
        monkeypatch.setenv(
            "EVENTWIRE_API_KEYS", _environment(SERVICES["intake"])["EVENTWIRE_API_KEYS"]
        )
        assert Settings().api_keys == []


class TestProduceService:
    def test_runs_once(self) -> None:
        """The producer is one-shot: it is not restarted after it exits."""
        assert SERVICES["produce"]["restart"] == "no"

    def test_waits_for_redis_and_a_worker(self) -> None:
        """The producer starts after Redis is healthy and a worker has started."""
        depends = _depends_on(SERVICES["produce"])
        assert depends.get("redis") == "service_healthy"
        assert depends.get("worker") == "service_started"

    def test_input_file_exists_in_the_repository(self) -> None:
        """The file the producer reads is a real file in the repository."""
        params = _cli_params(_argv(SERVICES["produce"]["command"]))
        assert (ROOT / params["file"]).is_file()

    def test_input_file_is_copied_into_the_image(self) -> None:
        """The producer's input lies under a path the Dockerfile copies into the image."""
        file = Path(_cli_params(_argv(SERVICES["produce"]["command"]))["file"])
        copied = _copied_sources()
        assert "." in copied or any(file.is_relative_to(source) for source in copied)


class TestEventwireCommands:
    @pytest.mark.parametrize("name", sorted(EVENTWIRE_COMMANDS))
    def test_subcommand_exists(self, name: str) -> None:
        """Each ``eventwire`` command names a subcommand of the real CLI."""
        command, _ = _cli_command(EVENTWIRE_COMMANDS[name])
        assert command.callback is not None

    @pytest.mark.parametrize("name", sorted(EVENTWIRE_COMMANDS))
    def test_options_exist(self, name: str) -> None:
        """Each option given, including a flag's --no-... form, is an option of that subcommand."""
        command, args = _cli_command(EVENTWIRE_COMMANDS[name])
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        given = {arg.partition("=")[0] for arg in args if arg.startswith("-")}
        assert given <= known, f"unknown options {sorted(given - known)}"

    @pytest.mark.parametrize("name", sorted(EVENTWIRE_COMMANDS))
    def test_arguments_parse(self, name: str) -> None:
        """The whole command line, values included, parses with the real CLI."""
        _cli_params(EVENTWIRE_COMMANDS[name])


class TestCeleryCommands:
    @pytest.mark.parametrize("name", sorted(CELERY_COMMANDS))
    def test_app_module_has_a_celery_app(self, name: str) -> None:
        """The module given to ``celery --app`` imports and holds a Celery app."""
        argv = CELERY_COMMANDS[name]
        spec = next(
            (arg.partition("=")[2] for arg in argv if arg.startswith("--app=")),
            None,
        ) or next(argv[i + 1] for i, arg in enumerate(argv) if arg in ("--app", "-A"))
        module_name, _, attribute = spec.partition(":")
        module = importlib.import_module(module_name)
        assert isinstance(getattr(module, attribute or "app"), Celery)


class TestEnvironment:
    def test_names_only_settings_fields(self) -> None:
        """Every EVENTWIRE_* variable in the compose file is a field of Settings."""
        fields = {f"EVENTWIRE_{name.upper()}" for name in Settings.model_fields}
        named = set(re.findall(r"\bEVENTWIRE_[A-Z0-9_]+", COMPOSE_TEXT))
        assert named
        assert named <= fields, f"not settings: {sorted(named - fields)}"

    @pytest.mark.parametrize("name", sorted(SERVICES))
    def test_values_are_valid_settings(self, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """A service's EVENTWIRE_* values build a valid Settings object."""
        for key, value in _environment(SERVICES[name]).items():
            monkeypatch.setenv(key, value)
        Settings()

    @pytest.mark.parametrize("name", sorted(SERVICES))
    def test_urls_point_at_compose_services(self, name: str) -> None:
        """Every EVENTWIRE_*_URL host is a service of this compose file."""
        for key, value in _environment(SERVICES[name]).items():
            if key.startswith("EVENTWIRE_") and key.endswith("_URL"):
                assert urlsplit(value).hostname in SERVICES, f"{key}={value}"


class TestDockerfile:
    def test_copies_the_package_and_the_examples(self) -> None:
        """The image gets the package, what pip needs to build it, and examples/."""
        copied = _copied_sources()
        assert "." in copied or {"eventwire", "examples", "pyproject.toml", "README.md"} <= copied

    def test_runs_a_console_script_by_default(self) -> None:
        """The default command is a console script from [project.scripts]."""
        assert _image_argv()[0] in PYPROJECT["project"]["scripts"]

    def test_has_no_entrypoint(self) -> None:
        """No ENTRYPOINT, so each compose command runs as written instead of as its arguments."""
        assert not _instructions("ENTRYPOINT")

    def test_runs_as_a_non_root_user(self) -> None:
        """The last USER instruction switches away from root."""
        users = _instructions("USER")
        assert users
        assert users[-1].partition(":")[0] not in {"root", "0"}

    def test_installs_the_flower_extra(self) -> None:
        """The image installs the project's flower extra, so the flower service can run."""
        extra = PYPROJECT["project"]["optional-dependencies"]["flower"]
        assert any(requirement.startswith("flower") for requirement in extra)
        build_args = dict(arg.partition("=")[::2] for arg in _instructions("ARG"))
        installs = " ".join(run for run in _instructions("RUN") if "pip install" in run)
        assert ".[flower" in installs or (
            "EXTRAS" in installs and "flower" in build_args.get("EXTRAS", "").split(",")
        )
