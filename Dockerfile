# The SessionManager server: `docker build -t sessionmanager:0.1.0 .`
# Runs what `make run` runs (`sessionmanager serve`), listening on all
# interfaces inside the container. Configure it as in README.md: the secret
# through SESSIONMANAGER_SECRET_KEY_FILE (a mounted file) or
# SESSIONMANAGER_SECRET_KEY, the store through SESSIONMANAGER_REDIS_URL, and
# more flags after the image name, e.g.
#   docker run -p 50051:50051 -e SESSIONMANAGER_SECRET_KEY=... sessionmanager:0.1.0 \
#     serve --listen 0.0.0.0:50051 --insecure --metrics-listen 0.0.0.0:9090

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY server ./server
COPY client/python ./client/python
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SESSIONMANAGER_HEALTH_ADDRESS=127.0.0.1:50051
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels sessionmanager \
    && rm -rf /wheels \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin \
        sessionmanager
USER 10001:10001
EXPOSE 50051 9090
# gRPC health of the whole server: NOT_SERVING while draining, no answer when
# stuck. Kubernetes uses its native gRPC probes instead (deploy/kubernetes).
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-m", "sessionmanager.healthcheck"]
# Non-loopback without TLS or API keys needs --insecure; put the server
# behind a network policy, or add --tls-cert/--tls-key or --api-keys-file.
ENTRYPOINT ["sessionmanager"]
CMD ["serve", "--listen", "0.0.0.0:50051", "--insecure"]
