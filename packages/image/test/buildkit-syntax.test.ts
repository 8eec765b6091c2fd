import { buildKitOnly } from '../src/buildkit-syntax.js';

// Each row a Dockerfile; the classic builder stops at the instruction named, or builds it all.
test.each<[string, string, ReturnType<typeof buildKitOnly>]>([
  ['a cache mount, as uv and pip caches are written', 'FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked\n', { line: 3, what: 'RUN --mount' }],
  ['a secret mount', 'FROM python:3.12-slim\nRUN --mount=type=secret,id=pip pip install -r r.txt\n', { line: 2, what: 'RUN --mount' }],
  ['a flag after another', 'FROM x\nrun --network=none --mount=type=bind,source=a,target=b true\n', { line: 2, what: 'RUN --network' }],
  ['COPY --link', 'FROM x\nCOPY --link . /app\n', { line: 2, what: 'COPY --link' }],
  ['COPY --chmod', 'FROM x\nCOPY --chown=app:app --chmod=755 start /start\n', { line: 2, what: 'COPY --chmod' }],
  ['ADD --checksum', 'FROM x\nADD --checksum=sha256:abc https://example.com/a.tgz /a.tgz\n', { line: 2, what: 'ADD --checksum' }],
  ['a heredoc', 'FROM x\nRUN <<EOF\napt-get update\nEOF\n', { line: 2, what: 'a heredoc (RUN <<EOF)' }],
  ['a quoted heredoc with a dash', 'FROM x\nCOPY <<-"CONF" /etc/app.conf\n\tkey=value\nCONF\n', { line: 2, what: 'a heredoc (COPY <<CONF)' }],
  ['the classic builder knows COPY --from and --chown', 'FROM x AS build\nRUN make\nFROM y\nCOPY --from=build --chown=app:app /out /app\n', undefined],
  ['a shell here-string is no heredoc', 'FROM x\nRUN grep -q ok <<< "ok"\n', undefined],
  ['<<WORD with no line that ends it is no heredoc', 'FROM x\nRUN cat a <<EOF > b || true\n', undefined],
  ['a --mount in the command, not a flag of RUN', 'FROM x\nRUN mount --mount=1 || true\n', undefined],
  ['in a comment', 'FROM x\n# RUN --mount=type=cache,target=/root/.cache pip install\nRUN pip install\n', undefined],
  ['a comment line within a continued RUN', 'FROM x\nRUN apt-get update \\\n# the cache mount comes later\n    && true\nRUN --mount=type=cache,target=/c true\n', { line: 5, what: 'RUN --mount' }],
  ['an empty line within a continued RUN', 'FROM x\nRUN apt-get update \\\n\n    && true \\\n    --mount=not-a-flag-here\nCOPY --link a b\n', { line: 6, what: 'COPY --link' }],
  ['the backtick escape of Windows Dockerfiles', '# escape=`\nFROM x\nRUN echo a `\n    --mount=type=cache\nCOPY --link a b\n', { line: 5, what: 'COPY --link' }],
  ['the example shop', 'ARG BASE_IMAGE=python:3.12-slim\nFROM ${BASE_IMAGE}\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', undefined],
])('buildKitOnly: %s', (_name, dockerfile, expected) => {
  expect(buildKitOnly(dockerfile)).toEqual(expected);
});
