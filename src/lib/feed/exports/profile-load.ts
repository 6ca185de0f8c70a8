/**
 * Reads a deployment profile (src/schemas/deployment-profile.ts) from YAML text: a built-in one from
 * src/lib/feed/exports/profiles, or one a cloud wrote for its own labels. A profile decides where the rules look, so a
 * fault is an error naming file:line, the field, what is wrong and how to fix it, never a silent default.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'astro/zod';
import { deploymentProfile, type DeploymentProfile } from '../../../schemas/deployment-profile.ts';
import { fieldPath } from '../../core/problems.ts';
import { formatYamlFileProblem, readYamlFile, YamlFileError, type YamlFileProblem } from '../../core/yaml-file.ts';
import { zodIssueToProblem } from '../../core/zod-problems.ts';

export type ProfileProblem = YamlFileProblem;

export class ProfileError extends YamlFileError {
  override readonly name = 'ProfileError';
}

export const formatProfileProblem = formatYamlFileProblem;

/** Parses and validates a profile; throws ProfileError listing every problem. */
export function loadProfile(text: string, file: string): DeploymentProfile {
  const read = readYamlFile(text, file, deploymentProfile, {
    syntax: (error, at, line) => ({ file: at, line, field: '', problem: `is not valid YAML (${error.message})`, fix: 'correct the YAML syntax at that line' }),
    issue: issueProblem,
  });
  if ('problems' in read) throw new ProfileError(read.problems);
  return read.data;
}

function issueProblem(issue: z.core.$ZodIssue, file: string, line: number): ProfileProblem {
  const generic = zodIssueToProblem(issue, file);
  if (issue.code === 'unrecognized_keys') {
    return {
      file,
      line,
      field: fieldPath([...issue.path, issue.keys[0] ?? '']),
      problem: `is not a profile field${issue.keys.length > 1 ? ` (nor are ${issue.keys.slice(1).join(', ')})` : ''}`,
      fix: 'remove it or correct its spelling; the fields are documented in src/schemas/deployment-profile.ts',
    };
  }
  return { file, line, field: generic.field, problem: generic.message, fix: generic.fix };
}

/**
 * The profiles shipped with the catalogue, read from src/lib/feed/exports/profiles relative to the working directory
 * (as the content root is: the site build, the scripts and the tests all run from the repository root).
 */
export const BUILTIN_PROFILES_DIR = 'src/lib/feed/exports/profiles';

/** The profile the published Loki rules use: COS pulls the per-service files from git (see /api/). */
export const DEFAULT_PROFILE_ID = 'cos';

export interface ProfileFile {
  /** Repository-relative path, for messages and the published copy. */
  file: string;
  text: string;
  profile: DeploymentProfile;
}

export function builtinProfiles(dir = resolve(BUILTIN_PROFILES_DIR)): ProfileFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const file = `${BUILTIN_PROFILES_DIR}/${name}`;
      const profile = loadProfile(text, file);
      if (`${profile.id}.yaml` !== name) {
        throw new ProfileError([{ file, line: 1, field: 'id', problem: `is ${profile.id}, but the file is ${name}`, fix: `rename the file to ${profile.id}.yaml or change the id` }]);
      }
      return { file, text, profile };
    });
}

export function builtinProfile(id: string, dir?: string): DeploymentProfile {
  const all = builtinProfiles(dir);
  const found = all.find((p) => p.profile.id === id);
  if (!found) throw new Error(`no built-in deployment profile ${JSON.stringify(id)}: use one of ${all.map((p) => p.profile.id).join(', ')}, or a profile file of your own`);
  return found.profile;
}
