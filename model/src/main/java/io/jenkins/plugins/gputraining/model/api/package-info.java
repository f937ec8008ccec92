/**
 * The training API the dashboard reads, built once for both of its hosts (the agent's HTTP service and the Jenkins
 * plugin): the request parameters they accept and the JSON bodies they answer with (docs/rest-api.md). HTTP- and
 * Jenkins-free; a host maps paths to these and writes the strings.
 */
package io.jenkins.plugins.gputraining.model.api;
