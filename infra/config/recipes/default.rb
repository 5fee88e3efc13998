#
# Cookbook:: config
# Recipe:: default
#
# Gitea and its Actions runner, configured for pxci. Secrets arrive as node attributes and never
# reach the log (sensitive resources, no attribute dumps) or a command line.

include_recipe 'config::packages'
include_recipe 'config::gitea'
include_recipe 'config::admin'
include_recipe 'config::actions'
include_recipe 'config::runner'
