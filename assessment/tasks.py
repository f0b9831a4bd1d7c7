"""Background work for quality evaluation: computing a round's figures, with its progress."""

from django.tasks import task
from django.utils import timezone


@task()
def compute_round_task(round_id: int) -> None:
    """Compute the round, telling its progress (0 to 100) on the round as it goes; a failure
    clears the progress so that the workspace offers to compute again."""
    from assessment import rounds
    from assessment.models import EvaluationRound

    evaluation = EvaluationRound.objects.filter(pk=round_id).first()
    if evaluation is None:
        return

    def progress(done: int, total: int) -> None:
        EvaluationRound.objects.filter(pk=round_id).update(
            progress=min(99, done * 100 // total), progress_at=timezone.now()
        )

    try:
        rounds.compute(evaluation, progress=progress)
    except Exception as error:
        EvaluationRound.objects.filter(pk=round_id).update(progress=None)
        if not isinstance(error, rounds.RoundError):  # a finalised round: nothing to do
            raise
