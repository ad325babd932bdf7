"""Settings from the environment and `.env` (pydantic-settings).

Only `bot/` reads the environment; everything below gets plain values.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
WEBHOOK_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str | None = None
    telegram_base_url: str = DEFAULT_BASE_URL
    database_url: str = "sqlite+aiosqlite:///verksam.db"
    verksam_timezone: str = "Europe/Stockholm"
    log_level: str = "INFO"
    invite_ttl_days: int = Field(default=7, ge=1, le=365)
    # Members' names and phones are sealed under this key (comma-separated: newest first, older
    # ones still open). Without it, the key lives in verksam_key_file, created on the first run.
    verksam_data_key: SecretStr | None = None
    verksam_key_file: Path = Path("~/.local/share/verksam/data.key")
    # Webhook mode when WEBHOOK_URL is set (https://bot.example.org/telegram); long polling otherwise.
    webhook_url: str | None = None
    # Telegram sends it with every update; without it, made once and kept in webhook_secret_file.
    webhook_secret: SecretStr | None = None
    webhook_secret_file: Path = Path("~/.local/share/verksam/webhook.secret")
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # /healthz and /metrics in polling mode (webhook mode serves them on the webhook's port).
    verksam_http_port: int | None = Field(default=None, ge=1, le=65535)
    verksam_http_listen: str = "127.0.0.1"
    # This replica's name: a restart takes back its own claims on the outbox at once. Replicas that
    # share a host (and so a host name) need one each.
    verksam_instance: str = Field(default_factory=socket.gethostname, min_length=1, max_length=60)
    # Nightly backups (bot/backup.py): off unless a directory is set; the newest N are kept.
    verksam_backup_dir: Path | None = None
    verksam_backup_keep: int = Field(default=14, ge=1, le=1000)
    verksam_backup_hour: int = Field(default=3, ge=0, le=23)  # local time (VERKSAM_TIMEZONE): a quiet hour

    @field_validator("verksam_data_key")
    @classmethod
    def _data_key(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value().strip() else None

    @field_validator("verksam_key_file", "webhook_secret_file")
    @classmethod
    def _key_file(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("verksam_http_port", mode="before")
    @classmethod
    def _port_or_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        if not value.strip().startswith(("https://", "http://")):
            raise ValueError("must be the public https:// address Telegram posts updates to")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not WEBHOOK_SECRET_SHAPE.fullmatch(value.get_secret_value().strip()):
            raise ValueError("use 1-256 characters A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("verksam_backup_dir", mode="before")
    @classmethod
    def _backup_dir(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return Path(value).expanduser() if isinstance(value, str | Path) else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: str | None) -> str | None:
        # A BotFather token is "<digits>:<secret>"; catching a pasted typo here beats a 401 later.
        if not value or not value.strip():
            return None
        head, _, tail = value.strip().partition(":")
        if not head.isdigit() or len(tail) < 10:
            raise ValueError("looks wrong: expected <digits>:<secret>, as @BotFather gives it")
        return value.strip()

    @field_validator("telegram_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
        return value

    @field_validator("verksam_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("use DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    def require_token(self) -> str:
        if self.telegram_bot_token is None:
            raise SettingsError(f"TELEGRAM_BOT_TOKEN is not set: {_HINTS['TELEGRAM_BOT_TOKEN']}")
        return self.telegram_bot_token


class SettingsError(Exception):
    """One line, naming the setting, for the CLI to print before exiting with code 2."""


_HINTS = {
    "TELEGRAM_BOT_TOKEN": (
        "create a bot with @BotFather in Telegram, then put its token in .env as "
        "TELEGRAM_BOT_TOKEN=123456:ABC... (see .env.example)"
    ),
}


def load_settings(env_file: Path | str | None = ".env") -> Settings:
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        if error["type"] == "missing":
            hint = _HINTS.get(name, "set it in the environment or in .env (see .env.example)")
            raise SettingsError(f"{name} is not set: {hint}") from None
        message = str(error["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name} is invalid: {message}") from None
