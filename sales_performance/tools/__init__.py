from .allocation import allocate
