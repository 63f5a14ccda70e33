"""The wheel as `pip install .` builds it, in a fresh virtualenv, run outside the checkout."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.fake import FakeTelegram
from bot.storage.migrate import alembic_config
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parents[1]
# What the Dockerfile's build stage copies: the wheel must build from exactly these.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "alembic.ini", "bot",
           "migrations")  # fmt: skip


def _run(*args: str | Path, **options: object) -> str:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=120, **options
    )  # type: ignore[call-overload]
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return str(result.stdout)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtualenv holding the wheel; its dependencies are the test environment's own
    site-packages, added by a .pth file, so nothing is downloaded."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_alembic")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    pip = (sys.executable, "-m", "pip", "--quiet")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", work / "dist", source)  # fmt: skip
    (wheel,) = (work / "dist").glob("strongstreak-*.whl")
    shutil.copy2(wheel, work / "built.whl")  # for test_the_wheel_carries_the_catalogs
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    Path(purelib.strip(), "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"])
    _run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel)
    return venv


def _environment(**extra: str) -> dict[str, str]:
    dropped = ("BOT_TOKEN", "DATABASE_URL", "PYTHONPATH", "METRICS_PORT")
    return {**{k: v for k, v in os.environ.items() if k not in dropped}, **extra}


async def test_the_installed_wheel_migrates_and_answers_from_another_folder(
    venv: Path, tmp_path: Path
) -> None:
    python = venv / "bin" / "python"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(python, "-c", "import bot; print(bot.__file__)", cwd=elsewhere)
    assert where.startswith(str(venv)), f"bot was imported from {where}, not the wheel"

    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    _run(venv / "bin" / "strongstreak", "migrate", cwd=elsewhere, env=_environment(
        DATABASE_URL=url, BOT_TOKEN=TOKEN))  # fmt: skip
    with sqlite3.connect(tmp_path / "bot.db") as connection:
        (migrated,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert migrated == ScriptDirectory.from_config(alembic_config(url)).get_current_head()

    fake = FakeTelegram()
    api = await fake.start()
    env = _environment(DATABASE_URL=url, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api, POLL_TIMEOUT="1")
    bot = await asyncio.create_subprocess_exec(
        python, "-m", "bot", cwd=elsewhere, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        await fake.wait_for(lambda c: c.method == "getUpdates", timeout=30)
        mark = fake.mark()
        fake.send_message(4242, "/done kettlebell 15")
        reply = await fake.reply(4242, since=mark, timeout=30)
        assert "Logged <b>kettlebell</b> 15 min" in reply.text
        bot.terminate()
        assert await asyncio.wait_for(bot.wait(), 30) == 0
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
        await fake.stop()
    assert bot.stdout is not None
    assert TOKEN not in (await bot.stdout.read()).decode()


def test_the_wheel_carries_the_catalogs_and_reads_them_installed(venv: Path) -> None:
    (wheel,) = venv.parent.glob("built.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for language in ("de", "es", "ru"):
        assert f"bot/locales/{language}/LC_MESSAGES/strongstreak.po" in names, names
    python = venv / "bin" / "python"
    # Russian's plural rule comes from the installed catalog's header: 5 takes the third form.
    found = _run(python, "-c", "from bot.texts import i18n; print(*i18n.available(), "
                 "i18n.translations('ru').plural(5), i18n.LOCALES)", cwd=venv)  # fmt: skip
    *languages, form, where = found.split()
    assert languages == ["de", "en", "es", "ru"]
    assert form == "2"
    assert where.startswith(str(venv)), where


def test_the_wheel_carries_the_mini_apps_page_and_serves_it_installed(venv: Path) -> None:
    (wheel,) = venv.parent.glob("built.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"bot/web/static/app.js", "bot/web/static/app.css"} <= set(names), names
    python = venv / "bin" / "python"
    found = _run(python, "-c", "from bot.web import pages; print(len(pages._file('app.js')))",
                 cwd=venv)  # fmt: skip
    assert int(found) > 1000
