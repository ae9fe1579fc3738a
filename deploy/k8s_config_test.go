package deploy

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/triage/triage/internal/config"
)

// configKey is the ConfigMap key holding triage.yaml.
const configKey = "triage.yaml"

// rawConfig is the ConfigMap's triage.yaml over the defaults, decoded as
// strictly as config.Load does (unknown keys fail), without reading the
// files it names.
func (b *bundle) rawConfig() (config.Config, error) {
	c := config.Default()
	dec := yaml.NewDecoder(strings.NewReader(b.configMap.Data[configKey]))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("ConfigMap %s key %s: %w", b.configMap.Name, configKey, err)
	}
	return c, nil
}

// configLoads: what the pod sees loads with config.Load: the ConfigMap's
// triage.yaml, the Secret's keys as files where the Deployment mounts them
// (a generated certificate for the recipe's PEM placeholders), and the
// container's environment.
func configLoads(b *bundle) error {
	c, err := b.container()
	if err != nil {
		return err
	}
	dir, err := b.secretDir()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "deploy-secrets")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	secrets := map[string]string{}
	for k, v := range b.secret.StringData {
		secrets[k] = v
	}
	for k, v := range b.secret.Data {
		secrets[k] = string(v)
	}
	for k, v := range secrets {
		if strings.Contains(v, "-----BEGIN CERTIFICATE-----") {
			v = string(selfSigned())
		}
		if err := os.WriteFile(filepath.Join(tmp, k), []byte(v), 0o600); err != nil {
			return err
		}
	}
	env := map[string]string{}
	for _, e := range c.Env {
		switch r := e.ValueFrom; {
		case r == nil:
			env[e.Name] = e.Value
		case r.SecretKeyRef != nil:
			env[e.Name] = secrets[r.SecretKeyRef.Key]
		default:
			return fmt.Errorf("env %s: only values and secretKeyRefs are understood here", e.Name)
		}
	}
	file := filepath.Join(tmp, "config", configKey)
	yml := strings.ReplaceAll(b.configMap.Data[configKey], dir+"/", tmp+"/")
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(file, []byte(yml), 0o600); err != nil {
		return err
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	if _, err := config.Load(file, lookup, nil); err != nil {
		msg := strings.ReplaceAll(err.Error(), file, "ConfigMap "+b.configMap.Name+" key "+configKey)
		return errors.New(strings.ReplaceAll(msg, tmp, dir))
	}
	return nil
}

// selfSigned returns a fresh self-signed CA certificate in PEM.
func selfSigned() []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "deploy test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	pem.Encode(&buf, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	return buf.Bytes()
}
