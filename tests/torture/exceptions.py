# try statements: except, except*, else, finally, every combination.
try:
    pass
except:
    pass
try:
    pass
except ValueError:
    pass
try:
    pass
except ValueError as e:
    pass
try:
    pass
except (ValueError, TypeError):
    pass
try:
    pass
except (ValueError, TypeError) as e:
    pass
try:
    pass
except ValueError:
    pass
except TypeError as e:
    pass
except:
    pass
try:
    pass
except ValueError:
    pass
else:
    pass
try:
    pass
except ValueError:
    pass
else:
    pass
finally:
    pass
try:
    pass
finally:
    pass
try:
    pass
except ValueError:
    pass
finally:
    pass
try:
    pass
except* ValueError:
    pass
try:
    pass
except* ValueError as eg:
    pass
except* (TypeError, KeyError) as eg:
    pass
except *OSError:
    pass
else:
    pass
finally:
    pass
try:
    try:
        pass
    except Exception:
        raise
    finally:
        pass
except BaseException as e:
    raise RuntimeError("wrapped") from e
try: pass
except: pass
else: pass
finally: pass
try:
    pass
except ValueError if True else TypeError:
    pass
except (lambda: Exception)():
    pass
except __builtins__.Exception as e:
    del e
