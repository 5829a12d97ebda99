"""A stand-in for a baseline script in PythonSide's test: reports the iteration length it was given."""
import sys

print("scenario=iteration-seconds value=%s unit=s method=fork" % sys.argv[1], flush=True)
