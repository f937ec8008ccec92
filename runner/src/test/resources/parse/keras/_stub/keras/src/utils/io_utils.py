# STUB (not upstream): print_msg copied from keras/src/utils/io_utils.py for the default interactive-logging case
# (is_interactive_logging_enabled() == True): write to sys.stdout, append '\n' when line_break, flush.
import sys
def print_msg(message, line_break=True):
    message = str(message)
    message = f"{message}\n" if line_break else message
    sys.stdout.write(message)
    sys.stdout.flush()
