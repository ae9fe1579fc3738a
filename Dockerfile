# syntax=docker/dockerfile:1
# triage's container image: the static binary and a CA bundle on an empty
# base, run as 65532:65532, no shell, nothing to write (the root filesystem
# can be mounted read-only). CI builds the same image without a daemon
# (deploy/image.sh, internal/image); internal/image's TestDockerfileMatchesSpec
# keeps the two in step.
#
#   docker build -t triage \
#     --build-arg VERSION="$(git describe --tags --always --dirty)" \
#     --build-arg COMMIT="$(git rev-parse HEAD)" \
#     --build-arg DATE="$(git log -1 --format=%cI)" .
#   docker run --rm --read-only triage --kafka.brokers broker:9092
#
# Arguments after the image name are flags of "triage run".

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
ARG DATE=unknown
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}" \
      -o /out/triage ./cmd/triage

FROM scratch
ARG VERSION=dev
ARG COMMIT=unknown
ARG DATE=unknown
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/triage /usr/local/bin/triage
ENV PATH=/usr/local/bin
LABEL org.opencontainers.image.title=triage \
      org.opencontainers.image.source=https://github.com/triage/triage \
      org.opencontainers.image.version=${VERSION} \
      org.opencontainers.image.revision=${COMMIT} \
      org.opencontainers.image.created=${DATE}
USER 65532:65532
EXPOSE 9464/tcp
ENTRYPOINT ["triage", "run"]
