# The advisor's API image: slim Python, a non-root user, a readiness healthcheck.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

# A PyTorch index serving CPU-only wheels keeps the image small; without one pip may fetch CUDA builds.
ARG TORCH_INDEX_URL=""

WORKDIR /app
RUN useradd --create-home --uid 10001 advisor

COPY pyproject.toml constraints.txt README.md ./
COPY service ./service
RUN pip install ${TORCH_INDEX_URL:+--extra-index-url "$TORCH_INDEX_URL"} -c constraints.txt .

COPY corpus ./corpus
COPY prompts ./prompts
COPY evals/datasets ./evals/datasets
RUN mkdir -p /app/data && chown -R advisor:advisor /app/data

USER advisor
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=5 \
  CMD python -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status == 200 else 1)"

# Ingestion is a no-op when the index is current, so starting with it is cheap and always safe.
CMD ["sh", "-c", "python -m service ingest --quiet && exec python -m service serve --host 0.0.0.0 --port 8000"]
