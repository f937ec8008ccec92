# STUB (not upstream): no-op replacement for keras.src.api_export so the upstream progbar.py imports without Keras installed.
def keras_export(*a, **k):
    return lambda obj: obj
