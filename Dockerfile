# The API image: the package, the committed model versions, and `moderation serve` with uvicorn workers.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MODERATION_MODEL_DIR=/app/model \
    MODERATION_DATA_DIR=/app/var

WORKDIR /app
COPY pyproject.toml README.md ./
COPY moderation ./moderation
COPY training ./training
RUN pip install --upgrade pip && pip install .
# The model last: a new model version rebuilds only this layer.
COPY model ./model

RUN useradd --system --uid 10001 --home-dir /app moderation \
    && mkdir -p /app/var && chown moderation /app/var
USER moderation

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status != 200)"]
CMD ["moderation", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
