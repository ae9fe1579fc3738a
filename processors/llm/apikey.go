package llm

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxKeyFileBytes bounds what APIKeyFromEnvOrFile reads: a key is short, and
// a path pointing at a large file by mistake must not be slurped.
const maxKeyFileBytes = 4096

// APIKeyFromEnvOrFile returns the API key from envValue (the value of an
// environment variable) or, when that is empty, from the file at filePath
// (a mounted secret), trimmed of surrounding whitespace. Setting both is an
// error, so a stale file cannot silently win or lose; setting neither returns
// "" (no key, for local servers). Errors name the file, never its content.
func APIKeyFromEnvOrFile(envValue, filePath string) (string, error) {
	envValue = strings.TrimSpace(envValue)
	switch {
	case envValue != "" && filePath != "":
		return "", errors.New("llm: api key: set either the environment variable or the key file, not both")
	case envValue != "":
		return envValue, nil
	case filePath == "":
		return "", nil
	}
	f, err := os.Open(filePath)
	if err != nil {
		return "", fmt.Errorf("llm: api key file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileBytes+1))
	if err != nil {
		return "", fmt.Errorf("llm: api key file %s: %w", filePath, err)
	}
	if len(b) > maxKeyFileBytes {
		return "", fmt.Errorf("llm: api key file %s: larger than %d bytes", filePath, maxKeyFileBytes)
	}
	key := strings.TrimSpace(string(b))
	switch {
	case key == "":
		return "", fmt.Errorf("llm: api key file %s: empty", filePath)
	case strings.ContainsAny(key, "\r\n"):
		return "", fmt.Errorf("llm: api key file %s: more than one line", filePath)
	}
	return key, nil
}
