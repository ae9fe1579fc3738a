package llm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	good := Config{BaseURL: "https://api.openai.com/v1", APIKey: testKey, Model: "gpt-4o-mini"}
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   []string // substrings of the error; none: valid
	}{
		{"good", func(*Config) {}, nil},
		{"defaults only need a model", func(c *Config) { *c = Config{Model: "gpt-4o-mini"} }, nil},
		{"azure v1 base url", func(c *Config) { c.BaseURL = "https://my-res.openai.azure.com/openai/v1" }, nil},
		{"no retries", func(c *Config) { c.MaxRetries = 0 }, nil},
		{"reasoning model at temperature 1", func(c *Config) { c.Model, c.Temperature = "o3-mini", 1 }, nil},
		{"missing model", func(c *Config) { c.Model = " " }, []string{"llm.model: required"}},
		{"bad scheme", func(c *Config) { c.BaseURL = "ftp://x" }, []string{"llm.base_url"}},
		{"relative url", func(c *Config) { c.BaseURL = "/v1" }, []string{"llm.base_url"}},
		{"credentials in url", func(c *Config) { c.BaseURL = "https://u:" + testKey + "@x/v1" }, []string{"llm.base_url: must not carry credentials"}},
		{"key with newline", func(c *Config) { c.APIKey = testKey + "\n" }, []string{"llm.api_key"}},
		{"negatives", func(c *Config) {
			c.Timeout, c.RetryBackoff, c.RPM, c.TPM, c.MaxInputTokens, c.MaxOutputTokens, c.MaxRetries = -1, -1, -1, -1, -1, -1, -1
		}, []string{"llm.timeout", "llm.retry_backoff", "llm.rpm", "llm.tpm", "llm.max_input_tokens", "llm.max_output_tokens", "llm.max_retries"}},
		{"temperature range", func(c *Config) { c.Temperature = 2.5 }, []string{"llm.temperature"}},
		{"reasoning model with a temperature", func(c *Config) { c.Model, c.Temperature = "gpt-5-mini", 0.2 }, []string{"llm.temperature"}},
		{"negative price", func(c *Config) { c.Prices = map[string]Price{"m": {InputPerMTok: -1}} }, []string{`llm.prices: "m"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			tc.change(&cfg)
			err := cfg.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate passed, want %v", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error shows the key: %q", err)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	got := Config{Model: "m"}.withDefaults()
	want := Config{Model: "m", BaseURL: DefaultBaseURL, Timeout: 20 * time.Second, MaxRetries: 0,
		RetryBackoff: 500 * time.Millisecond, MaxInputTokens: 3000, MaxOutputTokens: 512}
	if got.String() != want.String() {
		t.Errorf("defaults\n got %s\nwant %s", got, want)
	}
	if r := (Config{Model: "m", MaxRetries: 3}).withDefaults().MaxRetries; r != 3 {
		t.Errorf("MaxRetries 3 became %d", r)
	}
}

func TestAPIKeyFromEnvOrFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keyFile := write("key", testKey+"\n")
	for _, tc := range []struct {
		name, env, file string
		want            string
		wantErr         string
	}{
		{"from env", " " + testKey + " ", "", testKey, ""},
		{"from file, newline trimmed", "", keyFile, testKey, ""},
		{"neither: no key", "", "", "", ""},
		{"both", testKey, keyFile, "", "not both"},
		{"missing file", "", filepath.Join(dir, "nope"), "", "api key file"},
		{"empty file", "", write("empty", "\n"), "", "empty"},
		{"two lines", "", write("two", testKey+"\nsecond\n"), "", "more than one line"},
		{"huge file", "", write("huge", strings.Repeat("k", 5000)), "", "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := APIKeyFromEnvOrFile(tc.env, tc.file)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), testKey) {
					t.Errorf("error shows the key: %v", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("= %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
