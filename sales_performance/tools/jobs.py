# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a chunk's job knows of itself in OCA ``queue_job`` (issue 25).

queue_job retries a job that meets a PostgreSQL concurrency error without
ever counting it against the job's ``max_retries``: a chunk that always
meets one would be retried forever and its run or operation never closed.
The chunks turn such an error into a counted retry (:func:`job_tries`) and,
on the last try, record the chunk failed so that the closing job runs.
"""


def error_reason(error):
    """What a chunk that failed on ``error`` says: a user error's own
    message, else the error's type and text."""
    from odoo.exceptions import UserError

    if isinstance(error, UserError) and error.args:
        return error.args[0]
    return f"{type(error).__name__}: {error}"


def job_tries(env):
    """``(this try, max_retries)`` of the queue_job job running in ``env``
    (0 max_retries: no limit), or None outside a job."""
    uuid = env.context.get("job_uuid")
    if not uuid or "queue.job" not in env:
        return None
    job = env["queue.job"].sudo().search([("uuid", "=", uuid)], limit=1)
    if not job:
        return None
    # queue_job counts this try once the job is stored after it
    return job.retry + 1, job.max_retries


def retry_or_give_up(env, error):
    """For a concurrency ``error`` met by a chunk: raise a counted retry
    while the job has tries left; return why it gives up on the last try
    (for the chunk's failure); re-raise ``error`` outside a job."""
    tries = job_tries(env)
    if tries is None:
        raise error
    done, limit = tries
    if not limit or done < limit:
        from odoo.addons.queue_job.exception import RetryableJobError

        raise RetryableJobError(str(error)) from error
    return env._("gave up after %(tries)s tries: %(error)s", tries=done, error=error)


def job_reason(env, job):
    """Why a chunk's job ended without running it, in the words of
    queue_job, in the language of ``env``."""
    if not job:
        return env._("its job is no longer in the job queue")
    if job.state == "cancelled":
        return env._("its job was cancelled")
    lines = (job.exc_info or "").strip().splitlines()
    detail = job.exc_message or (lines[-1] if lines else "")
    return env._(
        "its job failed in the job queue: %(reason)s",
        reason=" ".join(filter(None, [job.exc_name, detail])),
    )
