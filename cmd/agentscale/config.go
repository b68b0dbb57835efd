package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// config gives flags their defaults from .agentscale.yaml (or --config) and
// AGENTSCALE_* environment variables. Flags set on the command line win.
//
// A flag "fail-on" of command "lint" is read from key "lint.failOn" in the
// file, and from AGENTSCALE_LINT_FAIL_ON in the environment.
type config struct {
	file string
	v    *viper.Viper
}

func (c *config) load(cmd *cobra.Command) error {
	v := viper.New()
	v.SetConfigType("yaml")
	path := c.file
	if path == "" {
		if _, err := os.Stat(".agentscale.yaml"); err == nil {
			path = ".agentscale.yaml"
		}
	}
	if path != "" {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return usage(fmt.Errorf("config: %w", err))
			}
			return problem(fmt.Errorf("config %s: %w", path, err))
		}
	}
	c.v = v
	return c.applyFlags(cmd)
}

// applyFlags sets every flag the user did not set from the config.
func (c *config) applyFlags(cmd *cobra.Command) error {
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || f.Name == "config" || f.Name == "help" {
			return
		}
		key := cmd.Name() + "." + camel(f.Name)
		env := "AGENTSCALE_" + strings.ToUpper(strings.ReplaceAll(cmd.Name()+"_"+f.Name, "-", "_"))
		_ = c.v.BindEnv(key, env)
		if !c.v.IsSet(key) {
			return
		}
		val := c.v.Get(key)
		var s string
		switch x := val.(type) {
		case []any:
			parts := make([]string, len(x))
			for i, p := range x {
				parts[i] = fmt.Sprint(p)
			}
			s = strings.Join(parts, ",")
		default:
			s = fmt.Sprint(x)
		}
		if e := f.Value.Set(s); e != nil {
			err = problem(fmt.Errorf("config %s: %v", key, e))
		}
	})
	return err
}

// Sub returns the config section for a command (e.g. "lint"), or nil.
func (c *config) Sub(key string) *viper.Viper {
	if c.v == nil {
		return nil
	}
	return c.v.Sub(key)
}

// camel turns a flag name into its config key: "fail-on" → "failOn".
func camel(flag string) string {
	parts := strings.Split(flag, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
