import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
const DURATION = /^\d{1,9}\s*[smhdw]?$/;
const NAMESPACE = /^(\*|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)$/;

/**
 * Body of POST /auth/tokens. Like the login body, each field stops at its first failure and
 * decorators run bottom-up, so the presence and type checks come last here.
 */
export class CreateApiTokenDto {
  @Matches(NAME, {
    message:
      'name must be 1-64 letters, digits, spaces or . _ - starting with a letter or digit, e.g. "dify-prod"',
  })
  @IsString({ message: 'name must be a string' })
  @IsDefined({ message: 'name is missing: send {"name": "dify-prod", "expires_in": "30d"}' })
  name!: string;

  /** "30d", "12h", "3600" or 3600 (seconds); default: 30 days, or the maximum if shorter. */
  @IsOptional()
  @Matches(DURATION, { message: 'expires_in must be a duration such as 3600, 12h, 30d or 12w' })
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  expires_in?: string;

  @IsOptional()
  @MaxLength(64, { each: true, message: 'each role must be at most 64 characters long' })
  @IsString({ each: true, message: 'roles must be a list of role names' })
  @ArrayMaxSize(16, { message: 'roles must name at most 16 roles' })
  @ArrayMinSize(1, {
    message: 'roles must name at least one role, or be left out for all of yours',
  })
  @IsArray({ message: 'roles must be a list of role names, e.g. ["viewer"]' })
  roles?: string[];

  @IsOptional()
  @Matches(NAMESPACE, { each: true, message: 'each namespace must be a namespace name or "*"' })
  @IsString({ each: true, message: 'namespaces must be a list of namespace names' })
  @ArrayMaxSize(100, { message: 'namespaces must name at most 100 namespaces' })
  @ArrayMinSize(1, {
    message: 'namespaces must name at least one namespace, or be left out for all of yours',
  })
  @IsArray({ message: 'namespaces must be a list of namespace names, e.g. ["team-a"]' })
  namespaces?: string[];
}

/** An API token as its owner sees it (the secret only in the answer to its creation). */
export interface ApiTokenView {
  id: string;
  name: string;
  /** null: all of the owner's roles (namespaces) at the time of each request. */
  roles: string[] | null;
  namespaces: string[] | null;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
}

export interface CreatedApiToken extends ApiTokenView {
  /** Shown once: the server keeps only its SHA-256. */
  token: string;
}
