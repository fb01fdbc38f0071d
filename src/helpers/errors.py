"""One exception type for bad input, so the runner can print it as a single clear line."""


class InputError(ValueError):
    """Bad input from an analyst: a source file, the registry, a codebook or a parameter.

    The message names the file, field or parameter and says what to do."""

    def __init__(self, where: str, problem: str, fix: str):
        self.where, self.problem, self.fix = where, problem, fix
        super().__init__(f"{where}: {problem}. {fix}")

    def __reduce__(self):
        # Raised in a worker process, it must cross back whole.
        return InputError, (self.where, self.problem, self.fix)
