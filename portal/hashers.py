"""Password hashing at a cost the web hosts can pay when every county signs in at once.

Django's default, PBKDF2 with 1,000,000 iterations, took 1.6 s of a core per sign-in under
the deadline-day surge. Argon2id (Django's recommended hasher) at OWASP's minimum
parameters costs a fraction of that while each guess still needs 19 MiB of memory.
A hash made with other parameters or another hasher is remade at its owner's next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id, 2 passes over 19 MiB in one lane (OWASP Password Storage Cheat Sheet)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
