# Two images from one build: `api` (the default, last stage) serves, with numpy but no scikit-learn (a model is
# an .npz of plain arrays); `train` adds the `train` extra (scikit-learn, joblib, matplotlib) and runs
# `python -m training ...` as a one-off job (docker-compose.yml). Both run as the unprivileged user
# `moderation`, which owns the model folder, so promote and rollback work on the shared `models` volume.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MODERATION_MODEL_DIR=/app/model \
    MODERATION_DATA_DIR=/app/var

RUN useradd --system --uid 10001 --home-dir /app moderation
WORKDIR /app
COPY pyproject.toml README.md ./
COPY moderation ./moderation
COPY training ./training
RUN pip install --upgrade pip && pip install .
# The model last: a new model version rebuilds only this layer. A named volume mounted on /app/model starts
# as a copy of it (ownership included) the first time it is used.
COPY --chown=moderation:moderation model ./model
RUN mkdir -p /app/var && chown moderation /app/var

FROM base AS train
# The public data sets go to /shared/data (a volume), so `--data ../shared/data`, the default, finds them
# from /app as on a developer's machine; exported labels go to /app/labels (a volume too).
RUN pip install '.[train]' \
    && mkdir -p /shared/data /app/labels && chown moderation /shared/data /app/labels
ENV MPLCONFIGDIR=/tmp/matplotlib
USER moderation
ENTRYPOINT ["python", "-m", "training"]
CMD ["--help"]

FROM base AS api
USER moderation
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status != 200)"]
CMD ["moderation", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
