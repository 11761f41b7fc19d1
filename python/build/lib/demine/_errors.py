"""Exceptions: a non-OK dm_status becomes a DemineError of its category,
carrying the status and the context's message."""

_lib = None

# Status categories (DM_STATUS_CATEGORY in demine.h).
USAGE = 1024
INPUT = 2048
COMPUTE = 4096
SYSTEM = 8192


class DemineError(Exception):
    """A libdemine call failed. ``status`` is the dm_status code,
    ``status_name`` its symbolic name, ``message`` the context's message
    (which file, layer, field or value)."""

    def __init__(self, status, status_name, message):
        super().__init__("%s (%s)" % (message, status_name))
        self.status = status
        self.status_name = status_name
        self.message = message


class UsageError(DemineError):
    """The API was used wrongly (DM_ERR_USAGE category)."""


class InputError(DemineError):
    """The input data is missing or wrong (DM_ERR_INPUT category)."""


class ComputeError(DemineError):
    """A computation failed or a target cannot be met (DM_ERR_COMPUTE)."""


class DemineSystemError(DemineError):
    """Memory or I/O failed (DM_ERR_SYSTEM category)."""


_BY_CATEGORY = {USAGE: UsageError, INPUT: InputError,
                COMPUTE: ComputeError, SYSTEM: DemineSystemError}


def bind(lib):
    global _lib
    _lib = lib


def from_context(status, ctx):
    """The exception for `status` (None: the context's last status)."""
    if status is None:
        status = _lib.dm_context_last_status(ctx)
    message = _lib.dm_context_last_error(ctx)
    message = message.decode("utf-8", "replace") if message else ""
    name = _lib.dm_status_str(status).decode("ascii")
    cls = _BY_CATEGORY.get(status & ~1023, DemineError)
    return cls(status, name, message)
