"""django-tasks-db's `db_worker`, waiting for the database when it goes away instead of exiting.

Upstream's worker stops at the first error from the database (PostgreSQL restarted, a network
blip), and the emails of accepted registrations then wait for a person to notice. This one
logs it, closes its connections and tries again, a little later each time (up to a minute), and
carries on where it was. A supervisor (systemd, see docs/operations.md) still restarts a worker
that dies of anything else. This app comes before django_tasks_db in INSTALLED_APPS, so this
command is the one `manage.py db_worker` runs.

Unlike upstream, it runs every queue unless told otherwise: a plain `db_worker` does all the
work, and a shared machine can run one worker per queue at different priorities
(`db_worker --queue-name pages`, `nice -n 10 db_worker --queue-name default`; see
docs/operations.md).
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as upstream

logger = logging.getLogger("django_tasks_db")
LONGEST_WAIT = 60.0


class Worker(upstream.Worker):
    def run(self) -> None:
        wait = 1.0
        while True:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not self.running or self.batch:
                    raise  # stopping, or a one-off run: its caller decides
                first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
                logger.warning(
                    "The database cannot be reached (%s); trying again in %.0f s.",
                    first_line,
                    wait,
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)


class Command(upstream.Command):
    help = (
        "Run the worker that sends emails and does the other work outside requests; it waits "
        "for the database when the database goes away."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")  # every queue: 'pages' and 'default'

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child process
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
