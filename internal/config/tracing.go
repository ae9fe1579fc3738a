package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// validate reports the tracing settings' problems, each naming its setting.
func (t Tracing) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("tracing.%s: "+format, append([]any{key}, args...)...))
	}
	if e := t.OTLPEndpoint; strings.Contains(e, "://") {
		u, err := url.Parse(e)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			bad("otlp_endpoint", "%q is neither an http(s):// URL nor host:port", e)
		case u.Scheme == "https" && t.Insecure:
			bad("insecure", "true contradicts the https:// of tracing.otlp_endpoint %q (use http:// for plain HTTP)", e)
		}
	} else if e != "" {
		if host, port, err := net.SplitHostPort(e); err != nil || host == "" || !validPort(port) {
			bad("otlp_endpoint", "%q is neither an http(s):// URL nor host:port", e)
		}
	}
	if t.SampleRatio < 0 || t.SampleRatio > 1 {
		bad("sample_ratio", "must be within 0..1, got %g", t.SampleRatio)
	}
	if t.ServiceName == "" {
		bad("service_name", "required (service.name of the spans)")
	}
	return errs
}
